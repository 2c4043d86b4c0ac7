#!/usr/bin/env node
// The tessera command: make keys and encode or decode session cookies while debugging.

import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { CookieError, TesseraError } from '../errors.ts'
import { decodeGob, encodeGob, fromJS, toJS, toTypedJSON } from '../gob/index.ts'
import { parseKey, type KeyPair } from '../securecookie/key.ts'
import { SecureCookie } from '../securecookie/secure-cookie.ts'
import { jsonSerializer } from '../serializers/json.ts'
import { noneSerializer } from '../serializers/none.ts'
import { toPlainJSON, toTypedJSONFromJSON } from './json-output.ts'

const usage = `Usage:
  tessera keygen [--bytes N]
  tessera encode --name NAME --hash-key KEY [--block-key KEY] [--serializer gob|json] JSON
  tessera decode --name NAME --hash-key KEY [--block-key KEY] [--serializer gob|json]
                 [--max-age SECONDS] [--go-types] COOKIE

Keys are UTF-8 text, or bytes written as hex:… or base64:…. Repeat --hash-key (and
--block-key) to decode with several key pairs, newest first.

Commands:
  keygen   Print a random key as hex:…, 32 bytes unless --bytes says otherwise.
  encode   Print a cookie value holding the session values of the JSON object.
  decode   Print the session values of a cookie as JSON; with --go-types, as a list of
           {key, value} entries with Go type names. Exits 1 when the cookie is rejected.
`

class UsageError extends Error {}

// Options that encode and decode share.
const codecOptions = {
  name: { type: 'string' },
  'hash-key': { type: 'string', multiple: true },
  'block-key': { type: 'string', multiple: true },
  serializer: { type: 'string' },
} as const

function keyPairs(hashKeys: string[] | undefined, blockKeys: string[] | undefined): KeyPair[] {
  if (!hashKeys || hashKeys.length === 0) throw new UsageError('missing --hash-key')
  if ((blockKeys?.length ?? 0) > hashKeys.length) {
    throw new UsageError('more --block-key than --hash-key options')
  }
  return hashKeys.map((hashKey, index) => {
    const blockKey = blockKeys?.[index]
    return { hashKey: parseKey(hashKey), blockKey: blockKey ? parseKey(blockKey) : undefined }
  })
}

function serializerOption(value: string | undefined): 'gob' | 'json' {
  if (value === undefined || value === 'gob' || value === 'json') return value ?? 'gob'
  throw new UsageError(`invalid --serializer ${JSON.stringify(value)}: use gob or json`)
}

function requireName(name: string | undefined): string {
  if (!name) throw new UsageError('missing --name')
  return name
}

function keygen(args: string[]): string {
  const { values } = parseArgs({ args, options: { bytes: { type: 'string' } } })
  const bytes = Number(values.bytes ?? 32)
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new UsageError('invalid --bytes: use a whole number from 1 to 1024')
  }
  return `hex:${randomBytes(bytes).toString('hex')}`
}

async function encode(args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: codecOptions,
  })
  const name = requireName(values.name)
  const keys = keyPairs(values['hash-key'], values['block-key'])
  const serializer = serializerOption(values.serializer)
  if (positionals.length !== 1) throw new UsageError('give the session values as one JSON argument')

  let input: unknown
  try {
    input = JSON.parse(positionals[0]!)
  } catch {
    throw new UsageError('the values argument is not valid JSON')
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new UsageError('the values argument must be a JSON object')
  }
  const map = new Map(Object.entries(input))

  if (serializer === 'json') {
    return new SecureCookie({ keys, serializer: jsonSerializer }).encode(name, map)
  }
  const payload = encodeGob(fromJS(map))
  return new SecureCookie({ keys, serializer: noneSerializer }).encode(name, payload)
}

async function decode(args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...codecOptions,
      'max-age': { type: 'string' },
      'go-types': { type: 'boolean' },
    },
  })
  const name = requireName(values.name)
  const keys = keyPairs(values['hash-key'], values['block-key'])
  const serializer = serializerOption(values.serializer)
  const maxAge = values['max-age'] === undefined ? undefined : Number(values['max-age'])
  if (maxAge !== undefined && (!Number.isSafeInteger(maxAge) || maxAge < 0)) {
    throw new UsageError('invalid --max-age: use a whole number of seconds, 0 for no limit')
  }
  if (positionals.length !== 1) throw new UsageError('give the cookie value as one argument')

  // Decode to raw bytes first, so the payload's own types can be printed.
  const codec = new SecureCookie({ keys, maxAge, maxLength: 0, serializer: noneSerializer })
  const { value } = await codec.decode(name, positionals[0]!)
  const payload = value as Uint8Array

  if (serializer === 'json') {
    let decoded: unknown
    try {
      decoded = jsonSerializer.deserialize(payload).value
    } catch (error) {
      throw new CookieError(
        'ERR_DESERIALIZE_FAILED',
        'Cookie verified but its payload is not JSON.',
        {
          cause: error,
        },
      )
    }
    return JSON.stringify(values['go-types'] ? toTypedJSONFromJSON(decoded) : toPlainJSON(decoded))
  }
  let typed
  try {
    typed = decodeGob(payload)
  } catch (error) {
    throw new CookieError(
      'ERR_DESERIALIZE_FAILED',
      'Cookie verified but its gob payload is invalid.',
      {
        cause: error,
      },
    )
  }
  if (values['go-types']) return JSON.stringify(toTypedJSON(typed))
  return JSON.stringify(toPlainJSON(toJS(typed)))
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  try {
    let output: string
    switch (command) {
      case 'keygen':
        output = keygen(args)
        break
      case 'encode':
        output = await encode(args)
        break
      case 'decode':
        output = await decode(args)
        break
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(usage)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`)
    }
    process.stdout.write(`${output}\n`)
    return 0
  } catch (error) {
    if (error instanceof CookieError) {
      process.stderr.write(`tessera: cookie rejected: ${error.code}: ${error.message}\n`)
      return 1
    }
    if (error instanceof UsageError || error instanceof TypeError) {
      process.stderr.write(`tessera: ${error.message}\n${usage}`)
      return 2
    }
    if (error instanceof TesseraError) {
      process.stderr.write(`tessera: ${error.code}: ${error.message}\n`)
      return 1
    }
    throw error
  }
}

process.exitCode = await main(process.argv.slice(2))
