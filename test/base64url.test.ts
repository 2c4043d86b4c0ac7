import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { decodeBase64Url, encodeBase64Url } from '../src/encoding/base64url.ts'

// The grammar of Go's padded base64.URLEncoding, as a slow reference for the fast decoder.
const strict = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/

function accepts(text: string): boolean {
  try {
    decodeBase64Url(text)
    return true
  } catch {
    return false
  }
}

describe('base64url', () => {
  test('encodes with padding like Go', () => {
    assert.equal(encodeBase64Url(new Uint8Array([0xfb, 0xff])), '-_8=')
    assert.equal(encodeBase64Url(new Uint8Array([1])), 'AQ==')
    assert.equal(encodeBase64Url(new Uint8Array([1, 2, 3])), 'AQID')
    assert.equal(encodeBase64Url(new Uint8Array([])), '')
  })

  test('rejects malformed input', () => {
    for (const text of [
      'AQ',
      'AQ=',
      'A===',
      'AQ=A',
      '=AQI',
      'A+8=',
      'A/8=',
      'AQI!',
      'AQ I',
      'AQ.I',
    ]) {
      assert.equal(accepts(text), false, text)
    }
  })

  test('accepts padded input and skips CR LF', () => {
    assert.deepEqual([...decodeBase64Url('AQ==')], [1])
    assert.deepEqual([...decodeBase64Url('AQI=')], [1, 2])
    assert.deepEqual([...decodeBase64Url('AQ\r\nID')], [1, 2, 3])
    assert.deepEqual([...decodeBase64Url('')], [])
  })

  test('agrees with the strict grammar', () => {
    const alphabet = 'AQz09-_=+/!. '.split('')
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 16 }), (chars) => {
        const text = chars.join('')
        assert.equal(accepts(text), strict.test(text), JSON.stringify(text))
      }),
      { numRuns: 5000 },
    )
  })

  test('round trips random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        assert.deepEqual(new Uint8Array(decodeBase64Url(encodeBase64Url(bytes))), bytes)
      }),
    )
  })
})
