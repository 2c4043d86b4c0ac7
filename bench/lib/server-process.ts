/**
 * Start-up, health and shutdown of the child processes of a benchmark run: the servers and
 * the load generator. Every child is registered so that it is killed when the run ends,
 * whether it finishes, throws, or gets SIGINT or SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const SERVERS_DIR = fileURLToPath(new URL('../servers/', import.meta.url))
const READY_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 5_000
const STDERR_TAIL_CHARS = 4_000

const children = new Set<ChildProcess>()
// Server processes that a launcher child started and named with a `server-pid N` line.
const serverPids = new Map<ChildProcess, number>()

/**
 * Registers a child process so that {@link killAllChildren} ends it.
 *
 * @example
 * ```ts
 * trackChild(spawn('wrk', args))
 * ```
 */
export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child)
  child.once('exit', () => {
    children.delete(child)
    serverPids.delete(child)
  })
  return child
}

// Kills the server process that a launcher named, then the launcher, because a launcher killed
// by SIGKILL cannot stop its own child. The pid is signalled only while the launcher runs. The
// launcher exits as soon as its child exits, which leaves only that short gap for pid reuse.
function forceKill(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return
  const serverPid = serverPids.get(child)
  if (serverPid !== undefined) {
    try {
      process.kill(serverPid, 'SIGKILL')
    } catch {
      // The server process has already exited.
    }
  }
  child.kill('SIGKILL')
}

/**
 * Sends SIGKILL to every child still running. It is synchronous, so it also works in a
 * `process.on('exit')` handler.
 *
 * @example
 * ```ts
 * process.on('exit', killAllChildren)
 * ```
 */
export function killAllChildren(): void {
  for (const child of children) forceKill(child)
  children.clear()
  serverPids.clear()
}

/**
 * Installs handlers that kill every child on exit, on SIGINT and SIGTERM, and on an
 * uncaught error, then exit with the usual code (130, 143 or 1).
 *
 * @example
 * ```ts
 * installCleanup()
 * ```
 */
export function installCleanup(): void {
  process.on('exit', killAllChildren)
  process.on('SIGINT', () => {
    process.stderr.write('\ninterrupted, stopping the servers\n')
    killAllChildren()
    process.exit(130)
  })
  process.on('SIGTERM', () => {
    killAllChildren()
    process.exit(143)
  })
  process.on('uncaughtException', (error) => {
    process.stderr.write(`benchmark failed: ${error.stack ?? String(error)}\n`)
    killAllChildren()
    process.exit(1)
  })
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`benchmark failed: ${String(reason)}\n`)
    killAllChildren()
    process.exit(1)
  })
}

/**
 * Finds a free TCP port on 127.0.0.1 by binding port 0 and closing the socket again.
 *
 * @example
 * ```ts
 * const port = await findFreePort()
 * ```
 */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('could not read the port of a probe socket'))
      })
    })
  })
}

/** A running benchmark server. */
export interface ServerProcess {
  readonly port: number
  /** Process id of the child that the harness started. */
  readonly pid: number
  /**
   * Process id whose memory {@link ServerProcess.peakRssKiB} reads: the pid of a
   * `server-pid N` line that a launcher printed before `ready`, otherwise {@link pid}.
   */
  readonly measuredPid: number
  /** Peak resident set size so far, in KiB (`VmHWM` in `/proc/MEASURED_PID/status`). */
  peakRssKiB(): number | undefined
  /** Last part of the server's stderr, for error messages. */
  stderrTail(): string
  /** Stops the server with SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>
}

/**
 * Starts `bench/servers/FILE` with tsx in a new process on a free loopback port and waits
 * until it prints `ready`. A server that runs another program, such as a Go binary, prints
 * `server-pid N` first, and the harness then reads that process's memory and kills it with
 * the launcher.
 *
 * @throws Error when the server exits before it is ready, or does not print `ready` within 30 s.
 * @example
 * ```ts
 * const server = await startServer('bare-node.ts')
 * await server.stop()
 * ```
 */
export async function startServer(file: string, echoStderr = false): Promise<ServerProcess> {
  const port = await findFreePort()
  // stdin stays an open pipe. Each server exits when it closes, so none outlives this process.
  const child = trackChild(
    spawn(process.execPath, ['--import', 'tsx', SERVERS_DIR + file], {
      env: { ...process.env, PORT: String(port), NODE_ENV: 'production' },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  )
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS)
    if (echoStderr) process.stderr.write(`[${file}] ${chunk}`)
  })

  await new Promise<void>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => {
      forceKill(child)
      reject(new Error(`${file} did not print "ready" within ${READY_TIMEOUT_MS} ms`))
    }, READY_TIMEOUT_MS)
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer)
      const tail = stderr.trim() ? `\n${stderr.trim()}` : ''
      reject(
        new Error(`${file} exited before it was ready (code ${code}, signal ${signal})${tail}`),
      )
    }
    child.once('exit', onExit)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk
      const lines = stdout.split('\n')
      const serverPid = lines
        .map((line) => /^server-pid (\d+)$/.exec(line)?.[1])
        .find((pid) => pid !== undefined)
      if (serverPid !== undefined) serverPids.set(child, Number(serverPid))
      if (lines.includes('ready')) {
        clearTimeout(timer)
        child.off('exit', onExit)
        resolve()
      }
    })
  })

  const pid = child.pid
  if (pid === undefined) throw new Error(`${file} started without a process id`)
  const measuredPid = serverPids.get(child) ?? pid

  return {
    port,
    pid,
    measuredPid,
    peakRssKiB: () => readPeakRssKiB(measuredPid),
    stderrTail: () => stderr,
    stop: () => stopChild(child),
  }
}

function readPeakRssKiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)
    return match ? Number(match[1]) : undefined
  } catch {
    // Systems without procfs, such as macOS, have no VmHWM, and the report shows no memory.
    return undefined
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => forceKill(child), STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
