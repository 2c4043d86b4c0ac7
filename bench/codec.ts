/**
 * Micro-benchmark of tessera's securecookie codec in one process, beside the floor of one
 * node:crypto HMAC-SHA256 over the same bytes, AES-256-GCM of the same payload, and
 * iron-session's seal and unseal.
 *
 *   npm run bench:codec -- [--sizes 100,1024,3072] [--batches 7] [--batch-ms 200]
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sealData, unsealData } from 'iron-session'
import { SecureCookie, type Serializer, gobSerializer, jsonSerializer } from 'tessera'
import { type MicroOptions, type MicroResult, measureOps } from './lib/micro.ts'

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))
const COOKIE_NAME = 'session'
const HASH_KEY = 'benchmark-secret-0123456789abcdefghijklmnopqrstuvwxyz'
const BLOCK_KEY = 'benchmark-block-key-0123456789ab'
const IRON_PASSWORD = HASH_KEY

const HELP = `Usage: npm run bench:codec -- [options]

Options:
  --sizes LIST     payload sizes in bytes of the JSON form (default 100,1024,3072)
  --batches N      timed batches per operation; the median is reported (default 7)
  --batch-ms MS    target length of one batch in milliseconds (default 200)
  --warmup-ms MS   untimed calls before the batches, in milliseconds (default 300)
  --help           print this text
`

interface Row {
  size: number
  operation: string
  serializer: string
  keys: string
  payloadBytes: number
  result: MicroResult
  ratioToFloor: number
}

function parseNumberList(text: string, name: string): number[] {
  const values = text.split(',').map((item) => Number(item.trim()))
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value < 30)) {
    throw new TypeError(
      `--${name} must list whole numbers of at least 30, got ${JSON.stringify(text)}`,
    )
  }
  return values
}

function parsePositive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`--${name} must be a positive number, got ${JSON.stringify(text)}`)
  }
  return value
}

// Letters from a fixed linear congruential sequence: the same payload on every run, and not
// a run of one repeated byte.
function filler(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  let state = 12345
  let text = ''
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648
    text += alphabet[state % alphabet.length]
  }
  return text
}

// Session values whose JSON form, {"foo":"bar","data":"…"}, is `size` bytes long.
function sessionValues(size: number): Map<string, string> {
  const overhead = JSON.stringify({ foo: 'bar', data: '' }).length
  return new Map([
    ['foo', 'bar'],
    ['data', filler(size - overhead)],
  ])
}

function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      sizes: { type: 'string' },
      batches: { type: 'string' },
      'batch-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const sizes = values.sizes ? parseNumberList(values.sizes, 'sizes') : [100, 1024, 3072]
  const options: MicroOptions = {
    warmupMs: parsePositive(values['warmup-ms'], 300, 'warmup-ms'),
    batches: Math.round(parsePositive(values.batches, 7, 'batches')),
    batchMs: parsePositive(values['batch-ms'], 200, 'batch-ms'),
    maxCallsPerBatch: 5_000_000,
  }

  const serializers: [string, Serializer][] = [
    ['gob', gobSerializer],
    ['json', jsonSerializer],
  ]
  const keySets: [string, { hashKey: string; blockKey?: string }][] = [
    ['HMAC', { hashKey: HASH_KEY }],
    ['HMAC + AES-256-CTR', { hashKey: HASH_KEY, blockKey: BLOCK_KEY }],
  ]
  const rows: Row[] = []

  for (const size of sizes) {
    const value = sessionValues(size)
    const plain = Object.fromEntries(value)
    const jsonBytes = Buffer.from(JSON.stringify(plain))

    // The floor: one HMAC-SHA256 over what the codec signs for the gob, HMAC-only cookie,
    // `name|timestamp|base64(payload)`. Decoding costs at least this much.
    const floorCodec = new SecureCookie({ keys: [{ hashKey: HASH_KEY }], maxLength: 0 })
    const floorCookie = await floorCodec.encode(COOKIE_NAME, value)
    // The decoded cookie is `timestamp|value|MAC`, with a 32-byte MAC after the last pipe.
    const decodedOuter = Buffer.from(floorCookie, 'base64')
    const signedBytes = Buffer.concat([
      Buffer.from(`${COOKIE_NAME}|`),
      decodedOuter.subarray(0, decodedOuter.length - 33),
    ])
    const floor = await measureOps(
      () => createHmac('sha256', HASH_KEY).update(signedBytes).digest(),
      options,
    )
    const push = (
      operation: string,
      serializer: string,
      keys: string,
      payloadBytes: number,
      result: MicroResult,
    ): void => {
      rows.push({
        size,
        operation,
        serializer,
        keys,
        payloadBytes,
        result,
        ratioToFloor: result.opsPerSecond / floor.opsPerSecond,
      })
      process.stdout.write(
        `${size} B ${operation} [${serializer}, ${keys}]: ${formatInteger(result.opsPerSecond)} ops/s\n`,
      )
    }
    push('node:crypto HMAC-SHA256 (floor)', '—', 'HMAC', signedBytes.length, floor)

    for (const [serializerName, serializer] of serializers) {
      const payloadBytes = serializer.serialize(value).length
      for (const [keysName, pair] of keySets) {
        // maxLength 0: a 3 KB payload encodes to more than the 4096-character default.
        const codec = new SecureCookie({ keys: [pair], maxLength: 0, serializer })
        // The same codec without its cache of verified cookies: every decode does every step.
        const uncached = codec.with({ cacheSize: 0 })
        const cookie = await codec.encode(COOKIE_NAME, value)
        const check = await codec.decode(COOKIE_NAME, cookie)
        if ((check.value as Map<string, string>).get('data') !== value.get('data')) {
          throw new Error(`${serializerName} ${keysName}: decode did not return the encoded value`)
        }
        push(
          'encode',
          serializerName,
          keysName,
          payloadBytes,
          await measureOps(() => codec.encode(COOKIE_NAME, value), options),
        )
        push(
          'decode, cookie seen before (cache hit)',
          serializerName,
          keysName,
          payloadBytes,
          await measureOps(() => codec.decode(COOKIE_NAME, cookie), options),
        )
        push(
          'decode, cache off (cacheSize 0)',
          serializerName,
          keysName,
          payloadBytes,
          await measureOps(() => uncached.decode(COOKIE_NAME, cookie), options),
        )
        push(
          'encode + decode, cache off',
          serializerName,
          keysName,
          payloadBytes,
          await measureOps(
            async () => uncached.decode(COOKIE_NAME, await uncached.encode(COOKIE_NAME, value)),
            options,
          ),
        )
      }
    }

    const gcmKey = randomBytes(32)
    const seal = (): Buffer => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', gcmKey, iv)
      return Buffer.concat([iv, cipher.update(jsonBytes), cipher.final(), cipher.getAuthTag()])
    }
    const sealed = seal()
    const open = (): Buffer => {
      const decipher = createDecipheriv('aes-256-gcm', gcmKey, sealed.subarray(0, 12))
      decipher.setAuthTag(sealed.subarray(sealed.length - 16))
      return Buffer.concat([
        decipher.update(sealed.subarray(12, sealed.length - 16)),
        decipher.final(),
      ])
    }
    push(
      'node:crypto AES-256-GCM encrypt',
      'json bytes',
      'AES-256-GCM',
      jsonBytes.length,
      await measureOps(seal, options),
    )
    push(
      'node:crypto AES-256-GCM decrypt',
      'json bytes',
      'AES-256-GCM',
      jsonBytes.length,
      await measureOps(open, options),
    )

    const ironSeal = await sealData(plain, { password: IRON_PASSWORD })
    const unsealed = await unsealData<Record<string, string>>(ironSeal, { password: IRON_PASSWORD })
    if (unsealed.data !== plain.data)
      throw new Error('iron-session: unsealData did not return the sealed value')
    push(
      'iron-session sealData',
      'json',
      'Iron (AES-256-CBC + HMAC)',
      jsonBytes.length,
      await measureOps(() => sealData(plain, { password: IRON_PASSWORD }), options),
    )
    push(
      'iron-session unsealData',
      'json',
      'Iron (AES-256-CBC + HMAC)',
      jsonBytes.length,
      await measureOps(() => unsealData(ironSeal, { password: IRON_PASSWORD }), options),
    )
  }

  const tables = sizes.map((size) => {
    const lines = [
      `### Payload of ${size} bytes (JSON form)`,
      '',
      '| operation | serializer | keys | payload bytes | ops/s (median) | × HMAC floor |',
      '| --- | --- | --- | ---: | ---: | ---: |',
    ]
    for (const row of rows.filter((candidate) => candidate.size === size)) {
      lines.push(
        `| ${row.operation} | ${row.serializer} | ${row.keys} | ${row.payloadBytes} | ` +
          `${formatInteger(row.result.opsPerSecond)} | ${row.ratioToFloor.toFixed(2)} |`,
      )
    }
    return lines.join('\n')
  })
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const header =
    `Codec micro-benchmark, ${new Date().toISOString()}: ${os.availableParallelism()} CPUs ` +
    `(${cpu}), Node.js ${process.version}; ${options.batches} batches of ${options.batchMs} ms ` +
    `after ${options.warmupMs} ms of warm-up, one call at a time.`
  const markdown = `${header}\n\n${tables.join('\n\n')}\n`
  process.stdout.write(`\n${markdown}`)

  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(`${RESULTS_DIR}codec.md`, markdown)
  writeFileSync(
    `${RESULTS_DIR}codec.json`,
    JSON.stringify(
      { createdAt: new Date().toISOString(), node: process.version, cpu, options, rows },
      null,
      2,
    ) + '\n',
  )
  process.stdout.write(`\nwrote ${RESULTS_DIR}codec.json and codec.md\n`)
}

await main()
