// tessera's CookieStore with a hash key only: gob values signed with HMAC-SHA256.
import { CookieStore } from 'tessera'
import { SECRET } from './common.ts'
import { COOKIE_OPTIONS, serveTessera } from './tessera-common.ts'

serveTessera(
  'tessera-cookie',
  new CookieStore({ keys: [{ hashKey: SECRET }], cookie: COOKIE_OPTIONS }),
)
