// tessera's CookieStore with hash and block keys: gob values encrypted with AES-256-CTR, then signed.
import { CookieStore } from 'tessera'
import { SECRET } from './common.ts'
import { BLOCK_KEY, COOKIE_OPTIONS, serveTessera } from './tessera-common.ts'

serveTessera(
  'tessera-cookie-aes',
  new CookieStore({ keys: [{ hashKey: SECRET, blockKey: BLOCK_KEY }], cookie: COOKIE_OPTIONS }),
)
