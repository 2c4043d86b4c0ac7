/**
 * Launcher of the Go anchor: Echo 4.2.1 with gorilla/sessions' CookieStore (HMAC only, gob
 * values), run by the interop peer in `test/interop/go` (`peer echo`). The launcher builds
 * the peer when it is missing or older than its sources, starts it on `PORT`, and prints
 * `server-pid N` so the harness reads the peak RSS of the Go process rather than its own.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SECRET, readPort } from './common.ts'

const GO_DIR = fileURLToPath(new URL('../../test/interop/go/', import.meta.url))
const BUILD_SCRIPT = fileURLToPath(new URL('../../test/interop/build-go-peer.sh', import.meta.url))
const PEER = `${GO_DIR}bin/peer`
/** Exit code of build-go-peer.sh when Go, gorilla or Echo sources are not installed. */
const EXIT_GO_MISSING = 3

function modifiedMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

function isPeerCurrent(): boolean {
  const built = modifiedMs(PEER)
  if (built === undefined) return false
  const sources = readdirSync(GO_DIR)
    .filter((name) => name.endsWith('.go'))
    .map((name) => GO_DIR + name)
  sources.push(BUILD_SCRIPT)
  return sources.every((path) => (modifiedMs(path) ?? 0) <= built)
}

/**
 * Builds the Go peer with `test/interop/build-go-peer.sh` unless it is newer than its sources.
 *
 * Returns undefined when the peer can run, or the reason to skip the contender when Go or the
 * Go sources are not installed and no binary exists. A stale binary is kept when Go is missing.
 *
 * @throws Error when the build script fails for any other reason, with its stderr.
 * @example
 * ```ts
 * const reason = prepareGoPeer()
 * if (reason) console.log(`skip go-echo: ${reason}`)
 * ```
 */
export function prepareGoPeer(): string | undefined {
  if (isPeerCurrent()) return undefined
  const result = spawnSync('bash', [BUILD_SCRIPT], { encoding: 'utf8' })
  if (result.error) throw new Error(`failed to run ${BUILD_SCRIPT}: ${result.error.message}`)
  if (result.status === 0) return undefined

  const stderr = result.stderr.trim()
  if (result.status === EXIT_GO_MISSING) {
    if (modifiedMs(PEER) !== undefined) return undefined
    return stderr.split('\n')[0] || 'Go or the Go sources are not installed'
  }
  throw new Error(`building the Go peer failed (exit ${result.status}):\n${stderr}`)
}

/**
 * Starts the Go peer in Echo mode on `PORT` and relays its readiness to the harness.
 *
 * @param goMaxProcs Value of `GOMAXPROCS` for the Go process, or undefined for Go's default
 *   (every CPU).
 * @example
 * ```ts
 * startGoEcho('go-echo-1cpu', '1')
 * ```
 */
export function startGoEcho(label: string, goMaxProcs: string | undefined): void {
  const port = readPort()
  const reason = prepareGoPeer()
  if (reason) {
    process.stderr.write(`${label}: Go peer unavailable: ${reason}\n`)
    process.exit(1)
  }

  // The hex form keeps the peer from reading a key that starts with "hex:" or "base64:" as
  // an encoding prefix.
  const hashKey = `hex:${Buffer.from(SECRET, 'utf8').toString('hex')}`
  const peer = spawn(PEER, ['echo', '--addr', `127.0.0.1:${port}`, '--hash-key', hashKey], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: goMaxProcs === undefined ? process.env : { ...process.env, GOMAXPROCS: goMaxProcs },
  })

  let stopping = false
  const stopPeer = (): void => {
    stopping = true
    if (peer.exitCode === null && peer.signalCode === null) peer.kill('SIGTERM')
  }
  // The harness keeps stdin open as a pipe, so its end means the harness is gone. The exit
  // handler covers a crash of this launcher. A SIGKILL of the launcher reaches neither, and
  // the harness then kills the Go process by the pid printed below.
  process.stdin.on('end', stopPeer)
  process.stdin.on('error', stopPeer)
  process.stdin.resume()
  process.on('SIGTERM', stopPeer)
  process.on('SIGINT', stopPeer)
  process.on('exit', stopPeer)

  peer.once('error', (error) => {
    process.stderr.write(`${label}: failed to start ${PEER}: ${error.message}\n`)
    process.exit(1)
  })
  peer.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`${label}: peer exited (code ${code}, signal ${signal})\n`)
    process.exit(stopping ? 0 : (code ?? 1))
  })

  let stdout = ''
  let announced = false
  peer.stdout.setEncoding('utf8')
  peer.stdout.on('data', (chunk: string) => {
    if (announced) return
    stdout += chunk
    if (stdout.split('\n').some((line) => line.startsWith('listening '))) {
      announced = true
      process.stdout.write(`server-pid ${peer.pid}\nready\n`)
    }
  })
}

// contenders.ts imports prepareGoPeer, so the server starts only when this file is the entry.
if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  startGoEcho('go-echo', undefined)
}
