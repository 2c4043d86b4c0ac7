// tessera's FilesystemStore in a new temporary folder, removed when the server exits.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FilesystemStore } from 'tessera/stores/filesystem'
import { SECRET } from './common.ts'
import { COOKIE_OPTIONS, serveTessera } from './tessera-common.ts'

const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'))

serveTessera(
  'tessera-filesystem',
  new FilesystemStore({ dir, keys: [{ hashKey: SECRET }], cookie: COOKIE_OPTIONS }),
  () => rmSync(dir, { recursive: true, force: true }),
)
