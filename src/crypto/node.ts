import {
  createCipheriv,
  createHmac,
  createSecretKey,
  randomFillSync,
  type KeyObject,
} from 'node:crypto'
import type { CryptoProvider } from './provider.ts'

interface NodeAesKey {
  readonly algorithm: string
  readonly key: KeyObject
}

// IVs and ids are drawn from a pool filled 4 KiB at a time, which saves a system call per
// cookie. Each pool is handed out once, front to back, so no two callers share bytes.
const RANDOM_POOL_SIZE = 4096
let randomPool = Buffer.alloc(0)
let randomOffset = 0

/**
 * {@link CryptoProvider} on `node:crypto`, the default. Every operation completes
 * synchronously, which keeps the request path free of extra promise hops.
 *
 * @example
 * ```ts
 * import { SecureCookie, nodeCryptoProvider } from 'tessera/securecookie'
 * const codec = new SecureCookie({ keys: [{ hashKey: 'secret' }], crypto: nodeCryptoProvider })
 * ```
 */
export const nodeCryptoProvider: CryptoProvider = {
  name: 'node',

  importHmacKey(raw) {
    return createSecretKey(raw)
  },

  importAesKey(raw): NodeAesKey {
    return { algorithm: `aes-${raw.length * 8}-ctr`, key: createSecretKey(raw) }
  },

  hmacSha256(key, parts) {
    const hmac = createHmac('sha256', key as KeyObject)
    for (const part of parts) hmac.update(part)
    return hmac.digest()
  },

  aesCtr(key, iv, data) {
    const { algorithm, key: secret } = key as NodeAesKey
    const cipher = createCipheriv(algorithm, secret, iv)
    const head = cipher.update(data)
    const tail = cipher.final()
    return tail.length === 0 ? head : Buffer.concat([head, tail])
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
