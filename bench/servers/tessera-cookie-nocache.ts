// tessera's CookieStore with a hash key only and the verified-cookie cache off: every read
// decodes base64, checks the HMAC and deserializes, as the first read of a cookie does.
import { CookieStore } from 'tessera'
import { SECRET } from './common.ts'
import { COOKIE_OPTIONS, serveTessera } from './tessera-common.ts'

serveTessera(
  'tessera-cookie-nocache',
  new CookieStore({ keys: [{ hashKey: SECRET }], cookie: COOKIE_OPTIONS, cacheSize: 0 }),
)
