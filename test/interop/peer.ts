// Helpers that build and run the Go peer (test/interop/go) and other servers for the interop
// tests. Nothing here imports tessera, so the peer can be checked on its own.
import { Buffer } from 'node:buffer'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readdir, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const interopDir = dirname(fileURLToPath(import.meta.url))
export const repoDir = join(interopDir, '..', '..')
const goSourceDir = join(interopDir, 'go')
const buildScript = join(interopDir, 'build-go-peer.sh')
export const peerPath = join(goSourceDir, 'bin', 'peer')

export const installHint =
  'apt-get install golang-go golang-github-gorilla-sessions-dev golang-github-gorilla-securecookie-dev golang-github-labstack-echo-dev'

// build-go-peer.sh checks for Go and the gorilla sources but not for Echo, which the peer's
// `echo` command imports, so a missing Echo is caught here instead of failing the build.
const echoSourceDir = join(
  process.env['TESSERA_GOPATH'] || '/usr/share/gocode',
  'src',
  'github.com',
  'labstack',
  'echo',
)

/** Exit code of build-go-peer.sh when Go or the gorilla sources are not installed. */
const EXIT_GO_MISSING = 3

function isCI(): boolean {
  const value = process.env['CI']
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}

export interface ProcessResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a program to completion, writing `input` to its stdin. */
export async function run(
  command: string,
  args: readonly string[],
  input?: string,
): Promise<ProcessResult> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  // A program that exits without reading its input closes the pipe (EPIPE), and its exit
  // code and stderr then report why.
  child.stdin.on('error', () => {})
  child.stdin.end(input)
  const [code] = (await once(child, 'close')) as [number | null]
  return { code, stdout, stderr }
}

async function newestSourceTime(): Promise<number> {
  const names = await readdir(goSourceDir)
  const sources = names
    .filter((name) => name.endsWith('.go'))
    .map((name) => join(goSourceDir, name))
  sources.push(buildScript)
  const times = await Promise.all(sources.map(async (path) => (await stat(path)).mtimeMs))
  return Math.max(...times)
}

async function binaryTime(): Promise<number | undefined> {
  try {
    return (await stat(peerPath)).mtimeMs
  } catch {
    return undefined
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

let preparing: Promise<string | undefined> | undefined

/**
 * Builds the Go peer when the binary is missing or older than its sources.
 *
 * Returns undefined when the peer is ready, or a skip message when Go, the gorilla sources or
 * Echo are not installed and `CI` is not set. Throws when the build fails, or when something
 * is missing under `CI`.
 */
export function preparePeer(): Promise<string | undefined> {
  preparing ??= buildIfStale()
  return preparing
}

async function buildIfStale(): Promise<string | undefined> {
  const built = await binaryTime()
  if (built !== undefined && built >= (await newestSourceTime())) return undefined

  if (!(await isDirectory(echoSourceDir))) {
    const message = `Echo sources not found in ${echoSourceDir}; install with: ${installHint}`
    if (!isCI()) return `Go peer unavailable (${message})`
    throw new Error(`Building the Go peer failed: ${message}`)
  }
  const result = await run('bash', [buildScript])
  if (result.code === 0) return undefined
  if (result.code === EXIT_GO_MISSING && !isCI()) {
    return `Go peer unavailable (Go or gorilla sources not installed); install with: ${installHint}`
  }
  throw new Error(`Building the Go peer failed (exit ${result.code}):\n${result.stderr}`)
}

/** A key pair as the peer's --hash-key/--block-key flags take it. */
export interface PeerKeyPair {
  readonly hashKey: string | Uint8Array
  readonly blockKey?: string | Uint8Array | undefined
}

export interface PeerCodecOptions {
  readonly name?: string
  readonly keys: readonly PeerKeyPair[]
  readonly serializer?: 'gob' | 'json'
  /** Seconds; 0 turns the age check off. The peer's default is Go's 30 days. */
  readonly maxAge?: number
}

function keyArgument(key: string | Uint8Array): string {
  return typeof key === 'string' ? key : `hex:${Buffer.from(key).toString('hex')}`
}

/** Converts key pairs to the peer's flags, newest first. */
export function keyArguments(keys: readonly PeerKeyPair[]): string[] {
  const args: string[] = []
  for (const pair of keys) {
    args.push('--hash-key', keyArgument(pair.hashKey))
    if (pair.blockKey !== undefined) args.push('--block-key', keyArgument(pair.blockKey))
  }
  return args
}

function codecArguments(options: PeerCodecOptions): string[] {
  const args = ['--name', options.name ?? 'session', '--serializer', options.serializer ?? 'gob']
  if (options.maxAge !== undefined) args.push('--max-age', String(options.maxAge))
  return [...args, ...keyArguments(options.keys)]
}

/** Typed JSON of one session entry, as in the vectors' `values`. */
export interface TypedEntry {
  readonly key: TypedValue | null
  readonly value: TypedValue | null
}

/** A typed value; null stands for a nil interface. */
export interface TypedValue {
  readonly type: string
  readonly value: unknown
}

/**
 * Sorts entries by the JSON text of their keys, in JavaScript's string order. Go sorts by
 * bytes, which differs for keys with characters beyond U+FFFF, so tests sort both sides here.
 */
export function sortEntries(entries: readonly TypedEntry[]): TypedEntry[] {
  const keyed = entries.map((entry) => ({ entry, sortKey: JSON.stringify(entry.key) }))
  keyed.sort((left, right) => compareText(left.sortKey, right.sortKey))
  return keyed.map(({ entry }) => entry)
}

function compareText(left: string, right: string): number {
  if (left < right) return -1
  if (left > right) return 1
  return 0
}

/**
 * Writes typed JSON for the peer. JSON.stringify turns -0 into 0, so -0 goes as the string
 * "-0", which the peer parses as a number.
 */
function typedJSONText(entries: readonly TypedEntry[]): string {
  return JSON.stringify(entries, (_key, value: unknown) => (Object.is(value, -0) ? '-0' : value))
}

/** Encodes typed entries with Go's securecookie and returns the cookie value. */
export async function goEncode(
  options: PeerCodecOptions,
  entries: readonly TypedEntry[],
): Promise<string> {
  const result = await run(peerPath, ['encode', ...codecArguments(options)], typedJSONText(entries))
  if (result.code !== 0)
    throw new Error(`peer encode failed (exit ${result.code}): ${result.stderr.trim()}`)
  return result.stdout.trim()
}

/** Result of Go's decode: the typed entries, or the Go error text. */
export type GoDecodeResult =
  | { readonly ok: true; readonly entries: TypedEntry[] }
  | { readonly ok: false; readonly error: string }

/** Decodes a cookie with Go's securecookie. */
export async function goDecode(options: PeerCodecOptions, cookie: string): Promise<GoDecodeResult> {
  const result = await run(peerPath, ['decode', ...codecArguments(options), cookie])
  if (result.code === 0) {
    return { ok: true, entries: sortEntries(JSON.parse(result.stdout) as TypedEntry[]) }
  }
  if (result.code === 1) return { ok: false, error: result.stderr.trim() }
  throw new Error(`peer decode failed (exit ${result.code}): ${result.stderr.trim()}`)
}

/** A child process serving HTTP on loopback. */
export interface RunningServer {
  readonly url: string
  /** Output so far, for failure messages. */
  output(): string
  stop(): Promise<void>
}

interface StartOptions {
  readonly command: string
  readonly args: readonly string[]
  readonly env?: NodeJS.ProcessEnv
  readonly cwd?: string
  /**
   * Pattern of the output line that a ready server prints, with the port as its first group.
   * Default: the Go peer's `listening 127.0.0.1:PORT`.
   */
  readonly listening?: RegExp
  readonly timeoutMs?: number
}

/**
 * Starts a server process and waits until it serves HTTP on 127.0.0.1: first for its
 * `listening` line, which carries the port it bound, then for a response to a request.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd ?? repoDir,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  let exited = false
  child.once('exit', () => (exited = true))

  const stop = () => stopProcess(child)
  const listening = options.listening ?? /^listening 127\.0\.0\.1:(\d+)$/m
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  try {
    let url: string | undefined
    while (url === undefined) {
      const match = listening.exec(output)
      if (match !== null) url = `http://127.0.0.1:${match[1]}`
      else await waitOrFail(deadline, exited, output)
    }
    while (!(await respondsToHttp(url))) await waitOrFail(deadline, exited, output)
    return { url, output: () => output, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function waitOrFail(deadline: number, exited: boolean, output: string): Promise<void> {
  if (exited) throw new Error(`The server exited before it was ready. Output:\n${output}`)
  if (Date.now() > deadline) throw new Error(`The server was not ready in time. Output:\n${output}`)
  await new Promise((resolve) => setTimeout(resolve, 50))
}

async function respondsToHttp(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/read-session`)
    await response.arrayBuffer()
    return true
  } catch {
    return false
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exit = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exit
  clearTimeout(timer)
}
