// Starts the Echo documentation example on PORT (default 8080): `npm start`.
// Settings: SESSION_STORE (cookie, filesystem, memory), SESSION_HASH_KEY, SESSION_BLOCK_KEY,
// SESSION_DIR. See README.md.

import { configFromEnv, createEchoExample, DEVELOPMENT_HASH_KEY } from './echo-app.ts'

const log = (line: string) => process.stderr.write(`${line}\n`)

const port = Number(process.env.PORT || 8080)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log(`Invalid PORT ${JSON.stringify(process.env.PORT)}: use a number from 0 to 65535.`)
  process.exit(2)
}

let config
try {
  config = configFromEnv(process.env, log)
} catch (error) {
  log((error as Error).message)
  process.exit(2)
}
if (!process.env.SESSION_HASH_KEY) {
  log(
    `warning: SESSION_HASH_KEY is not set, so cookies are signed with the development key ` +
      `"${DEVELOPMENT_HASH_KEY}". Anyone can forge them: set a random key in production ` +
      '(tessera keygen).',
  )
}

let server
try {
  server = createEchoExample(config)
} catch (error) {
  // Store options such as a block key of the wrong size or an unusable SESSION_DIR.
  log(`Invalid session settings: ${(error as Error).message}`)
  process.exit(2)
}
server.on('error', (error) => {
  log(`Failed to listen on port ${port}: ${error.message}`)
  process.exit(1)
})
server.listen(port, () => {
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  process.stdout.write(
    `tessera example listening on http://localhost:${actual} (${config.store} store)\n`,
  )
})

const stop = (signal: string) => {
  log(`received ${signal}, stopping`)
  server.close(() => process.exit(0))
  server.closeAllConnections()
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
