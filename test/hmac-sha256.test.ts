import assert from 'node:assert/strict'
import { createHmac, randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { hmacSha256, importHmacSha256Key } from '../src/crypto/hmac-sha256.ts'

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

function reference(key: Uint8Array, parts: readonly Uint8Array[]): string {
  const hmac = createHmac('sha256', key)
  for (const part of parts) hmac.update(part)
  return hmac.digest('hex')
}

// RFC 4231, section 4: test cases 1, 2, 3, 4, 6 and 7 (case 5 truncates the output).
const rfc4231: [string, string, string][] = [
  [
    '0b'.repeat(20),
    Buffer.from('Hi There').toString('hex'),
    'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  ],
  [
    Buffer.from('Jefe').toString('hex'),
    Buffer.from('what do ya want for nothing?').toString('hex'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  ],
  [
    'aa'.repeat(20),
    'dd'.repeat(50),
    '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  ],
  [
    '0102030405060708090a0b0c0d0e0f10111213141516171819',
    'cd'.repeat(50),
    '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  ],
  [
    'aa'.repeat(131),
    Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex'),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  ],
  [
    'aa'.repeat(131),
    Buffer.from(
      'This is a test using a larger than block-size key and a larger than block-size data. ' +
        'The key needs to be hashed before being used by the HMAC algorithm.',
    ).toString('hex'),
    '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  ],
]

describe('HMAC-SHA256 in JavaScript', () => {
  test('RFC 4231 test cases', () => {
    for (const [key, data, expected] of rfc4231) {
      const mac = hmacSha256(importHmacSha256Key(Buffer.from(key, 'hex')), [
        Buffer.from(data, 'hex'),
      ])
      assert.equal(hex(mac), expected)
    }
  })

  test('matches node:crypto for every length', () => {
    const key = randomBytes(40)
    const imported = importHmacSha256Key(key)
    const message = randomBytes(700)
    for (let length = 0; length <= 700; length++) {
      const part = message.subarray(0, length)
      assert.equal(hex(hmacSha256(imported, [part])), reference(key, [part]), `length ${length}`)
    }
  })

  test('matches node:crypto for split parts', () => {
    const key = randomBytes(32)
    const imported = importHmacSha256Key(key)
    for (let trial = 0; trial < 300; trial++) {
      const parts = Array.from({ length: 1 + (trial % 4) }, () =>
        randomBytes(Math.floor(Math.random() * 150)),
      )
      assert.equal(hex(hmacSha256(imported, parts)), reference(key, parts), `trial ${trial}`)
    }
  })

  test('matches node:crypto for key lengths', () => {
    const message = randomBytes(100)
    for (const length of [0, 1, 31, 32, 63, 64, 65, 100, 128, 129, 300]) {
      const key = randomBytes(length)
      const mac = hmacSha256(importHmacSha256Key(key), [message])
      assert.equal(hex(mac), reference(key, [message]), `key length ${length}`)
    }
  })

  test('results are independent arrays', () => {
    const imported = importHmacSha256Key(Buffer.from('key'))
    const first = hmacSha256(imported, [Buffer.from('a')])
    const copy = hex(first)
    hmacSha256(imported, [Buffer.from('b')])
    assert.equal(hex(first), copy)
  })
})
