// tessera's MemoryStore. maxEntries is raised above the default 10 000 because a timed
// /create-session run adds tens of thousands of sessions, and evicting the one that the
// /update-session run uses would turn that run into session creation.
import { MemoryStore } from 'tessera/stores/memory'
import { SECRET } from './common.ts'
import { COOKIE_OPTIONS, serveTessera } from './tessera-common.ts'

serveTessera(
  'tessera-memory',
  new MemoryStore({ keys: [{ hashKey: SECRET }], cookie: COOKIE_OPTIONS, maxEntries: 10_000_000 }),
)
