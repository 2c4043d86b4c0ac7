/**
 * Micro-benchmark of the gob codec on session maps of about 140 bytes, 1 KB and 3 KB.
 *
 * It measures the compiled build in dist/, because tsx wraps functions in ways that change
 * their timing, so run `npm run build` first:
 *
 *   npm run build && npx tsx bench/gob.ts [--rounds 25] [--only deserialize,serializeHint]
 *
 * Each operation runs in rounds of a fixed number of calls, interleaved with the other
 * operations of its payload, and the fastest round is reported, which is the figure that
 * load from other processes disturbs least.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

type GobModule = typeof import('../src/gob/index.ts')

const DIST_ENTRY = new URL('../dist/gob/index.js', import.meta.url)

/** Calls per round for each payload, so that a round takes a few milliseconds. */
const CALLS_PER_ROUND: Readonly<Record<string, number>> = { small: 20_000, '1k': 4000, '3k': 1500 }

/** Builds a session map of `count` entries, alternately strings and ints, and a flash list. */
function sessionOf(count: number): Map<unknown, unknown> {
  const values = new Map<unknown, unknown>()
  for (let index = 0; index < count; index += 1) {
    values.set(`key${index}`, index % 2 === 1 ? `value-string-${index}` : index * 1000)
  }
  values.set('_flash', ['saved', 'welcome back', 7])
  return values
}

const PAYLOADS: Readonly<Record<string, Map<unknown, unknown>>> = {
  small: new Map<unknown, unknown>([
    ['foo', 'bar'],
    ['user', 'alice'],
    ['n', 42],
    ['role', 'admin-user-x'],
  ]),
  '1k': sessionOf(20),
  '3k': sessionOf(60),
}

function operationsFor(
  gob: GobModule,
  values: Map<unknown, unknown>,
): Record<string, () => unknown> {
  const bytes = gob.gobSerializer.serialize(values)
  const { value, types } = gob.gobSerializer.deserialize(bytes)
  const typed = gob.decodeGob(bytes)
  const lossless = gob.fromJS(values)
  return {
    deserialize: () => gob.gobSerializer.deserialize(bytes),
    serializeNoHint: () => gob.gobSerializer.serialize(values),
    serializeHint: () => gob.gobSerializer.serialize(value, types),
    decodeGob: () => gob.decodeGob(bytes),
    toJS: () => gob.toJS(typed),
    fromJS: () => gob.fromJS(values),
    encodeGob: () => gob.encodeGob(lossless),
  }
}

/** Returns the fastest round of each operation, in nanoseconds per call. */
function measure(
  operations: Record<string, () => unknown>,
  calls: number,
  rounds: number,
): Map<string, number> {
  const fastest = new Map<string, number>()
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, operation] of Object.entries(operations)) {
      const start = process.hrtime.bigint()
      for (let call = 0; call < calls; call += 1) operation()
      const nanoseconds = Number(process.hrtime.bigint() - start) / calls
      fastest.set(name, Math.min(fastest.get(name) ?? Infinity, nanoseconds))
    }
  }
  return fastest
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: { rounds: { type: 'string', default: '25' }, only: { type: 'string' } },
  })
  const rounds = Number(args.rounds)
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new TypeError(`--rounds must be a positive integer, got ${JSON.stringify(args.rounds)}`)
  }
  if (!existsSync(DIST_ENTRY)) {
    throw new Error(`${fileURLToPath(DIST_ENTRY)} is missing; run npm run build first`)
  }
  const gob = (await import(DIST_ENTRY.href)) as GobModule
  const only = args.only === undefined ? undefined : new Set(args.only.split(','))
  console.log(`node ${process.version}, ${rounds} rounds, fastest round in ns per call`)
  for (const [payload, values] of Object.entries(PAYLOADS)) {
    const operations = Object.fromEntries(
      Object.entries(operationsFor(gob, values)).filter(([name]) => only?.has(name) ?? true),
    )
    const size = gob.gobSerializer.serialize(values).length
    const results = measure(operations, CALLS_PER_ROUND[payload] as number, rounds)
    const cells = [...results].map(([name, nanoseconds]) => `${name} ${nanoseconds.toFixed(0)}`)
    console.log(`${payload} (${size} B): ${cells.join(', ')}`)
  }
}

await main()
