import {
  type Cipher,
  createCipheriv,
  createHmac,
  createSecretKey,
  randomFillSync,
  type KeyObject,
} from 'node:crypto'
import {
  hmacSha256 as hmacSha256Js,
  importHmacSha256Key,
  type HmacSha256Key,
} from './hmac-sha256.ts'
import type { CryptoProvider } from './provider.ts'

interface NodeHmacKey {
  readonly keyObject: KeyObject
  readonly padStates: HmacSha256Key
}

// Messages up to this many bytes are signed in JavaScript, longer ones by node:crypto. Under
// HTTP load the JavaScript HMAC of a 160-byte cookie cost 7 to 12 µs of CPU, node:crypto's 20
// to 25 µs, mostly per call. In a tight loop JavaScript is faster up to about 300 bytes and
// 2.5 times slower at 1 KiB, so this limit is an estimate that favours the loaded case.
const JS_HMAC_MAX_BYTES = 1024

interface NodeAesKey {
  /** AES in ECB mode, used only as the block function that encrypts counter blocks. */
  readonly blocks: Cipher
}

/**
 * Builds the CTR counter blocks for `length` bytes: the IV, then the IV plus 1, 2, … as one
 * 128-bit big-endian integer, as Go's `cipher.NewCTR` counts.
 */
function counterBlocks(iv: Uint8Array, length: number): Buffer {
  const count = Math.ceil(length / 16)
  const blocks = Buffer.allocUnsafe(count * 16)
  blocks.set(iv, 0)
  for (let block = 1; block < count; block++) {
    const start = block * 16
    blocks.copyWithin(start, start - 16, start)
    for (let index = start + 15; index >= start; index--) {
      blocks[index] = (blocks[index]! + 1) & 0xff
      if (blocks[index] !== 0) break
    }
  }
  return blocks
}

// IVs and ids are drawn from a pool filled 4 KiB at a time, which saves a system call per
// cookie. Each pool is handed out once, front to back, so no two callers share bytes.
const RANDOM_POOL_SIZE = 4096
let randomPool = Buffer.alloc(0)
let randomOffset = 0

/**
 * {@link CryptoProvider} on `node:crypto`, the default. Every operation completes
 * synchronously, which keeps the request path free of extra promise hops. HMACs of short
 * messages, such as session cookies, run in JavaScript from key pad states hashed at import,
 * because node:crypto's setup per call costs more than hashing a few blocks.
 *
 * @example
 * ```ts
 * import { SecureCookie, nodeCryptoProvider } from 'tessera/securecookie'
 * const codec = new SecureCookie({ keys: [{ hashKey: 'secret' }], crypto: nodeCryptoProvider })
 * ```
 */
export const nodeCryptoProvider: CryptoProvider = {
  name: 'node',

  importHmacKey(raw): NodeHmacKey {
    return { keyObject: createSecretKey(raw), padStates: importHmacSha256Key(raw) }
  },

  importAesKey(raw): NodeAesKey {
    // ECB keeps no state between blocks, so one cipher object serves every call and no
    // cipher is created per cookie. It must never be finalized.
    const blocks = createCipheriv(`aes-${raw.length * 8}-ecb`, createSecretKey(raw), null)
    blocks.setAutoPadding(false)
    return { blocks }
  },

  hmacSha256(key, parts) {
    const { keyObject, padStates } = key as NodeHmacKey
    let length = 0
    for (const part of parts) length += part.length
    if (length <= JS_HMAC_MAX_BYTES) return hmacSha256Js(padStates, parts)
    const hmac = createHmac('sha256', keyObject)
    for (const part of parts) hmac.update(part)
    return hmac.digest()
  },

  aesCtr(key, iv, data) {
    if (data.length === 0) return new Uint8Array(0)
    const keystream = (key as NodeAesKey).blocks.update(counterBlocks(iv, data.length))
    const output = Buffer.allocUnsafe(data.length)
    for (let index = 0; index < data.length; index++) {
      output[index] = data[index]! ^ keystream[index]!
    }
    return output
  },

  randomBytes(length) {
    if (length > RANDOM_POOL_SIZE / 4) return randomFillSync(Buffer.allocUnsafe(length))
    if (randomOffset + length > randomPool.length) {
      randomPool = randomFillSync(Buffer.allocUnsafe(RANDOM_POOL_SIZE))
      randomOffset = 0
    }
    const bytes = randomPool.subarray(randomOffset, randomOffset + length)
    randomOffset += length
    return bytes
  },
}
