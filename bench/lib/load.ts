/**
 * Load generators: wrk when it is installed, autocannon otherwise. Both keep a fixed number
 * of keep-alive connections busy for a fixed time and send the same headers on every request.
 */
import { execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { trackChild } from './server-process.ts'

const WRK_SCRIPT = fileURLToPath(new URL('./wrk-report.lua', import.meta.url))
const REQUEST_TIMEOUT_S = 10
// A run that has not ended this long after its duration is stopped and reported as failed.
const OVERRUN_MS = 30_000

/** Name of a supported load generator. */
export type LoadGeneratorName = 'wrk' | 'autocannon'

/** Totals of one timed run. */
export interface LoadResult {
  /** Responses with a 2xx status per second; other responses are not counted. */
  requestsPerSecond: number
  /** Responses with a 2xx status. */
  ok: number
  /** Responses with another status. */
  non2xx: number
  /** Connection errors and timeouts. */
  socketErrors: number
  latencyP50Ms: number
  latencyP99Ms: number
  durationSeconds: number
}

/** Parameters of one timed run. */
export interface LoadOptions {
  url: string
  connections: number
  durationSeconds: number
  cookie: string | undefined
}

/**
 * Returns 'wrk' when `wrk` is on the PATH, otherwise 'autocannon'.
 *
 * @example
 * ```ts
 * const generator = detectLoadGenerator()
 * ```
 */
export function detectLoadGenerator(): LoadGeneratorName {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return 'wrk'
  } catch (error) {
    // wrk prints its version and exits with status 1, so only a missing binary means "absent".
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? 'autocannon' : 'wrk'
  }
}

/**
 * Returns the version line of a load generator, for the report.
 *
 * @example
 * ```ts
 * describeLoadGenerator('wrk') // 'wrk debian/4.1.0-3+b2 [epoll]'
 * ```
 */
export function describeLoadGenerator(name: LoadGeneratorName, autocannonVersion: string): string {
  if (name === 'autocannon') return `autocannon ${autocannonVersion} (in the harness process)`
  let output = ''
  try {
    output = execFileSync('wrk', ['--version'], { encoding: 'utf8' })
  } catch (error) {
    output = String((error as { stdout?: unknown }).stdout ?? '')
  }
  const firstLine = output.split('\n')[0] ?? 'wrk'
  return firstLine.replace(/\s+Copyright.*$/, '').trim() || 'wrk'
}

/**
 * Drives a URL with the chosen load generator and returns its totals.
 *
 * @example
 * ```ts
 * const result = await runLoad('wrk', { url, connections: 50, durationSeconds: 10, cookie })
 * ```
 */
export async function runLoad(name: LoadGeneratorName, options: LoadOptions): Promise<LoadResult> {
  return name === 'wrk' ? runWrk(options) : runAutocannon(options)
}

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  const headers: Record<string, string> = options.cookie ? { cookie: options.cookie } : {}
  let guard: NodeJS.Timeout | undefined
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: REQUEST_TIMEOUT_S,
        headers,
      },
      (error: unknown, totals: autocannon.Result) => {
        clearTimeout(guard)
        if (error) reject(error instanceof Error ? error : new Error(String(error)))
        else resolve(totals)
      },
    )
    guard = setTimeout(() => instance.stop(), options.durationSeconds * 1000 + OVERRUN_MS)
  })
  const seconds = result.duration > 0 ? result.duration : options.durationSeconds
  const ok = result['2xx']
  return {
    requestsPerSecond: ok / seconds,
    ok,
    non2xx: result.non2xx,
    socketErrors: result.errors + result.timeouts,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    durationSeconds: seconds,
  }
}

interface WrkReport {
  requests: number
  durationUs: number
  connectErrors: number
  readErrors: number
  writeErrors: number
  timeouts: number
  statusErrors: number
  latencyP50Us: number
  latencyP99Us: number
}

async function runWrk(options: LoadOptions): Promise<LoadResult> {
  const args = [
    '--threads',
    '1',
    '--connections',
    String(options.connections),
    '--duration',
    // wrk accepts whole seconds only.
    `${Math.max(1, Math.ceil(options.durationSeconds))}s`,
    '--timeout',
    `${REQUEST_TIMEOUT_S}s`,
    '--script',
    WRK_SCRIPT,
  ]
  if (options.cookie) args.push('--header', `Cookie: ${options.cookie}`)
  args.push(options.url)

  const child = trackChild(spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] }))
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8')
  child.stdout?.on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => (stderr += chunk))

  const guard = setTimeout(() => child.kill('SIGKILL'), options.durationSeconds * 1000 + OVERRUN_MS)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  }).finally(() => clearTimeout(guard))

  const line = stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('{'))
  if (code !== 0 || !line) {
    throw new Error(`wrk failed with exit code ${code}: ${stderr.trim() || stdout.trim()}`)
  }
  const report = JSON.parse(line) as WrkReport
  const seconds = report.durationUs / 1e6
  // wrk's status errors are the responses with a status of 400 or more. No route redirects,
  // so every other response is a 2xx.
  const ok = report.requests - report.statusErrors
  return {
    requestsPerSecond: ok / seconds,
    ok,
    non2xx: report.statusErrors,
    socketErrors: report.connectErrors + report.readErrors + report.writeErrors + report.timeouts,
    latencyP50Ms: report.latencyP50Us / 1000,
    latencyP99Ms: report.latencyP99Us / 1000,
    durationSeconds: seconds,
  }
}
