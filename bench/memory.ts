/**
 * Heap bytes per session held by tessera's MemoryStore, beside express-session's MemoryStore,
 * at 100,000 sessions of `foo=bar`. Needs `--expose-gc`, which `npm run bench:memory` passes.
 *
 *   npm run bench:memory -- [--sessions 100000]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import session from 'express-session'
import { SessionRegistry } from 'tessera'
import { MemoryStore } from 'tessera/stores/memory'

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))
const HASH_KEY = 'benchmark-secret-0123456789abcdefghijklmnopqrstuvwxyz'
const MAX_SESSIONS = 5_000_000

const collectGarbage = (globalThis as { gc?: () => void }).gc
if (!collectGarbage) {
  process.stderr.write('bench/memory.ts needs --expose-gc: run it with npm run bench:memory\n')
  process.exit(2)
}
const gc: () => void = collectGarbage

// Several passes, because one full collection can leave garbage that a finalizer or a weak
// reference only releases on the next.
function settledHeapUsed(): number {
  for (let pass = 0; pass < 4; pass++) gc()
  return process.memoryUsage().heapUsed
}

interface Measurement {
  store: string
  sessions: number
  heapBytesBefore: number
  heapBytesAfter: number
  bytesPerSession: number
}

async function fillTessera(count: number): Promise<{ size: number; keep: unknown }> {
  const store = new MemoryStore({
    keys: [{ hashKey: HASH_KEY }],
    cookie: { secure: false },
    maxEntries: count,
  })
  // Each request has its own registry, as in a server. The Set-Cookie header is dropped.
  const sink = { setCookie: () => {}, headersSent: () => false }
  for (let i = 0; i < count; i++) {
    const registry = new SessionRegistry(undefined, sink)
    const current = await registry.get<{ foo: string }>('session', store)
    current.set('foo', 'bar')
    await current.save()
  }
  return { size: store.size, keep: store }
}

async function fillExpressSession(count: number): Promise<{ size: number; keep: unknown }> {
  const store = new session.MemoryStore()
  const expires = new Date(Date.now() + 604800 * 1000)
  for (let i = 0; i < count; i++) {
    const id = `${i.toString(36).padStart(8, '0')}${'x'.repeat(24)}`
    // The shape express-session stores: the cookie's settings beside the session's values.
    const data = {
      cookie: { originalMaxAge: 604800000, expires, httpOnly: true, path: '/', sameSite: 'lax' },
      foo: 'bar',
    } as unknown as session.SessionData
    await new Promise<void>((resolve, reject) =>
      store.set(id, data, (error) => (error ? reject(error) : resolve())),
    )
  }
  const size = await new Promise<number>((resolve, reject) =>
    store.length((error, length) => (error ? reject(error) : resolve(length ?? 0))),
  )
  return { size, keep: store }
}

async function measure(
  name: string,
  count: number,
  fill: (count: number) => Promise<{ size: number; keep: unknown }>,
): Promise<Measurement> {
  const before = settledHeapUsed()
  const { size, keep } = await fill(count)
  const after = settledHeapUsed()
  if (size !== count) throw new Error(`${name} contains ${size} sessions, expected ${count}`)
  // Reading `keep` after the measurement keeps the store alive through the last collection.
  if (keep === undefined) throw new Error(`${name} store was not kept`)
  return {
    store: name,
    sessions: count,
    heapBytesBefore: before,
    heapBytesAfter: after,
    bytesPerSession: (after - before) / count,
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { sessions: { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
  })
  if (values.help) {
    process.stdout.write('Usage: npm run bench:memory -- [--sessions N] (default 100000)\n')
    return
  }
  const count = values.sessions === undefined ? 100_000 : Number(values.sessions)
  if (!Number.isInteger(count) || count <= 0 || count > MAX_SESSIONS) {
    throw new TypeError(
      `--sessions must be a whole number from 1 to ${MAX_SESSIONS}, got ${values.sessions}`,
    )
  }

  const results = [
    await measure('tessera MemoryStore', count, fillTessera),
    await measure('express-session MemoryStore', count, fillExpressSession),
  ]
  const lines = [
    `Heap used after \`gc()\`, before and after adding ${count.toLocaleString('en-US')} ` +
      `sessions of foo=bar, Node.js ${process.version}.`,
    '',
    '| store | sessions | heap before (MiB) | heap after (MiB) | bytes per session |',
    '| --- | ---: | ---: | ---: | ---: |',
  ]
  for (const result of results) {
    lines.push(
      `| ${result.store} | ${result.sessions.toLocaleString('en-US')} | ` +
        `${(result.heapBytesBefore / 2 ** 20).toFixed(1)} | ${(result.heapBytesAfter / 2 ** 20).toFixed(1)} | ` +
        `${Math.round(result.bytesPerSession)} |`,
    )
  }
  const markdown = lines.join('\n') + '\n'
  process.stdout.write(markdown)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(`${RESULTS_DIR}memory.md`, markdown)
  writeFileSync(
    `${RESULTS_DIR}memory.json`,
    JSON.stringify(
      { createdAt: new Date().toISOString(), node: process.version, results },
      null,
      2,
    ) + '\n',
  )
}

await main()
