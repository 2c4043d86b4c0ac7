/**
 * Throughput benchmark of tessera beside the session libraries users would pick instead.
 *
 * Each contender in `bench/servers/` runs as its own process on a loopback port. Rounds
 * interleave the contenders (A B C … A B C …), so that slow drift of the machine spreads
 * over all of them, and the report gives the median of the rounds.
 *
 *   npm run bench -- --rounds 3 --duration 10 --connections 50
 *   npm run bench:smoke
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CONTENDERS, type Contender, SMOKE_LOAD_IDS } from './lib/contenders.ts'
import { ROUTES, type Route, type RouteCookies, checkRoutes } from './lib/http-check.ts'
import {
  type LoadGeneratorName,
  describeLoadGenerator,
  detectLoadGenerator,
  runLoad,
} from './lib/load.ts'
import {
  type RunRecord,
  barChartSvg,
  memoryTable,
  summarize,
  throughputTables,
  versionTable,
} from './lib/report.ts'
import { installCleanup, startServer } from './lib/server-process.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const TSC = `${ROOT}node_modules/typescript/bin/tsc`
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))

const HELP = `Usage: npm run bench -- [options]

Starts each server of bench/servers/ as a child process, drives it with wrk (when installed)
or autocannon, and prints median req/s over interleaved rounds. Results go to bench/results/.

Options:
  --rounds N           rounds over all contenders (default 3)
  --duration S         seconds of each timed run (default 10)
  --warmup S           seconds of load before each timed run, not recorded (default 2;
                       wrk rounds it up to whole seconds)
  --connections N      concurrent keep-alive connections (default 50)
  --routes LIST        comma-separated routes (default read-session,create-session,update-session)
  --only LIST          comma-separated contender ids (default: all)
  --load-generator G   wrk or autocannon (default: wrk when on the PATH)
  --smoke              check every server's routes, then 1 round of 1 s on a few contenders
  --list               print the contender ids and exit
  --help               print this text
`

interface Settings {
  rounds: number
  durationSeconds: number
  warmupSeconds: number
  connections: number
  routes: Route[]
  contenders: Contender[]
  loadContenders: Contender[]
  loadGenerator: LoadGeneratorName
  smoke: boolean
}

function fail(message: string): never {
  process.stderr.write(`${message}\nRun with --help for the options.\n`)
  process.exit(2)
}

function parsePositive(
  name: string,
  text: string | undefined,
  fallback: number,
  integer: boolean,
): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    fail(
      `--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(text)}`,
    )
  }
  return value
}

function parseList<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      fail(
        `--${name}: unknown value ${JSON.stringify(item)}; expected one of ${allowed.join(', ')}`,
      )
    }
  }
  if (items.length === 0) fail(`--${name} must name at least one value`)
  return items as T[]
}

function parseSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      routes: { type: 'string' },
      only: { type: 'string' },
      'load-generator': { type: 'string' },
      smoke: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    process.exit(0)
  }
  if (values.list) {
    for (const contender of CONTENDERS)
      process.stdout.write(`${contender.id}\t${contender.label}\n`)
    process.exit(0)
  }

  const smoke = values.smoke
  const ids = CONTENDERS.map((contender) => contender.id)
  const only = values.only ? parseList('only', values.only, ids) : ids
  const contenders = CONTENDERS.filter((contender) => only.includes(contender.id))
  const loadContenders = smoke
    ? contenders.filter((contender) => SMOKE_LOAD_IDS.includes(contender.id))
    : contenders

  let loadGenerator: LoadGeneratorName
  const requested = values['load-generator']
  if (requested === undefined) loadGenerator = detectLoadGenerator()
  else if (requested === 'wrk' || requested === 'autocannon') loadGenerator = requested
  else fail(`--load-generator must be wrk or autocannon, got ${JSON.stringify(requested)}`)

  return {
    rounds: parsePositive('rounds', values.rounds, smoke ? 1 : 3, true),
    durationSeconds: parsePositive('duration', values.duration, smoke ? 1 : 10, true),
    warmupSeconds: parsePositive('warmup', values.warmup, smoke ? 1 : 2, false),
    connections: parsePositive('connections', values.connections, smoke ? 8 : 50, true),
    routes: values.routes ? parseList('routes', values.routes, ROUTES) : [...ROUTES],
    contenders,
    loadContenders,
    loadGenerator,
    smoke,
  }
}

function readVersion(name: string): string {
  if (name === 'tessera') {
    const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }
    let commit = 'unknown commit'
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).trim()
    } catch {
      // A copy without .git still runs, and the report then prints "unknown commit".
    }
    return `${manifest.version} (working tree at ${commit})`
  }
  try {
    const file = `${ROOT}node_modules/${name}/package.json`
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return 'not installed'
  }
}

function describeMachine(): Record<string, string | number> {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown'
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (match?.[1]) cpuModel = match[1].trim()
  } catch {
    // Without /proc/cpuinfo the model comes from os.cpus().
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  }
}

function formatRun(record: RunRecord, rounds: number): string {
  const rate = Math.round(record.requestsPerSecond).toLocaleString('en-US')
  const errors = record.non2xx + record.socketErrors
  return (
    `[round ${record.round}/${rounds}] ${record.contender} GET /${record.route}: ${rate} req/s, ` +
    `p99 ${record.latencyP99Ms.toFixed(1)} ms, ${errors} errors`
  )
}

/** Starts each listed contender once and checks its routes, without load. */
async function checkAll(
  contenders: readonly Contender[],
  failures: Map<string, string>,
): Promise<void> {
  for (const contender of contenders) {
    try {
      const server = await startServer(contender.file)
      try {
        await checkRoutes(server.port, contender.bare)
        process.stdout.write(`check ${contender.id}: all routes answered 200 as expected\n`)
      } finally {
        await server.stop()
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      failures.set(contender.id, message)
      process.stdout.write(`check ${contender.id}: FAILED: ${message}\n`)
    }
  }
}

async function measure(
  settings: Settings,
  records: RunRecord[],
  peakRss: Map<string, number>,
  failures: Map<string, string>,
): Promise<void> {
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const contender of settings.loadContenders) {
      if (failures.has(contender.id)) continue
      let server: Awaited<ReturnType<typeof startServer>> | undefined
      try {
        server = await startServer(contender.file)
        const cookies: RouteCookies = await checkRoutes(server.port, contender.bare)
        for (const route of settings.routes) {
          const load = {
            url: `http://127.0.0.1:${server.port}/${route}`,
            connections: settings.connections,
            cookie: cookies[route],
          }
          // The warm-up lets the JIT compile the hot path before anything is recorded.
          await runLoad(settings.loadGenerator, {
            ...load,
            durationSeconds: settings.warmupSeconds,
          })
          const result = await runLoad(settings.loadGenerator, {
            ...load,
            durationSeconds: settings.durationSeconds,
          })
          const record: RunRecord = { round, contender: contender.id, route, ...result }
          records.push(record)
          process.stdout.write(`${formatRun(record, settings.rounds)}\n`)
        }
        const peak = server.peakRssKiB()
        if (peak !== undefined)
          peakRss.set(contender.id, Math.max(peak, peakRss.get(contender.id) ?? 0))
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        const tail = server?.stderrTail().trim()
        failures.set(contender.id, message)
        process.stdout.write(`[round ${round}] ${contender.id}: FAILED: ${message}\n`)
        if (tail) process.stdout.write(`${contender.id} stderr:\n${tail}\n`)
      } finally {
        await server?.stop()
      }
    }
  }
}

/**
 * Compiles tessera into `dist/`, which the tessera servers import as the `tessera` package, so
 * they run the code users run rather than tsx's transform of `src/`.
 */
function buildTessera(): void {
  const result = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error('npm run build failed; fix the type errors above first')
}

/**
 * Runs each contender's `requires` check once. A contender with a reason to skip leaves the
 * run with a one-line message, and one whose check throws is recorded as failed.
 */
function prepareContenders(settings: Settings, failures: Map<string, string>): Settings {
  const skipped = new Set<Contender>()
  for (const contender of settings.contenders) {
    if (!contender.requires) continue
    try {
      const reason = contender.requires()
      if (reason === undefined) continue
      skipped.add(contender)
      process.stdout.write(`skip ${contender.id}: ${reason}\n`)
    } catch (error) {
      failures.set(contender.id, error instanceof Error ? error.message : String(error))
      process.stdout.write(`${contender.id}: FAILED: ${failures.get(contender.id)}\n`)
    }
  }
  return {
    ...settings,
    contenders: settings.contenders.filter((contender) => !skipped.has(contender)),
    loadContenders: settings.loadContenders.filter((contender) => !skipped.has(contender)),
  }
}

async function main(): Promise<number> {
  installCleanup()
  const failures = new Map<string, string>()
  const settings = prepareContenders(parseSettings(process.argv.slice(2)), failures)
  buildTessera()
  const startedAt = new Date()
  const runsPerRound = settings.loadContenders.length * settings.routes.length
  const estimateSeconds =
    settings.rounds * runsPerRound * (settings.durationSeconds + settings.warmupSeconds)
  process.stdout.write(
    `${settings.smoke ? 'smoke run' : 'benchmark'}: ${settings.loadContenders.length} contenders, ` +
      `${settings.routes.length} routes, ${settings.rounds} rounds of ${settings.durationSeconds} s ` +
      `(+${settings.warmupSeconds} s warm-up) at ${settings.connections} connections with ` +
      `${settings.loadGenerator}; load alone takes about ${Math.ceil(estimateSeconds / 60)} min\n`,
  )

  const records: RunRecord[] = []
  const peakRss = new Map<string, number>()
  if (settings.smoke) await checkAll(settings.contenders, failures)
  await measure(settings, records, peakRss, failures)

  // A smoke run lists the timed contenders and any that failed their route check.
  const measured = settings.contenders.filter(
    (contender) => settings.loadContenders.includes(contender) || failures.has(contender.id),
  )
  const summaries = summarize(measured, records, peakRss, failures, settings.routes)
  const versions = new Map<string, string>()
  for (const contender of measured) {
    for (const name of contender.packages) versions.set(name, readVersion(name))
  }
  const autocannonVersion = readVersion('autocannon')
  versions.set('autocannon', autocannonVersion)
  const machine = describeMachine()
  const loadGenerator = describeLoadGenerator(settings.loadGenerator, autocannonVersion)
  const extraArgs = process.argv.slice(2).filter((arg) => !(settings.smoke && arg === '--smoke'))
  const script = settings.smoke ? 'bench:smoke' : 'bench'
  const command = `npm run ${script}${extraArgs.length > 0 ? ` -- ${extraArgs.join(' ')}` : ''}`

  const markdown = [
    `Run of ${startedAt.toISOString()}: \`${command}\``,
    '',
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ` +
      `Node.js ${machine.node}, ${machine.platform}. Load generator: ${loadGenerator}, ` +
      `${settings.connections} connections, ${settings.rounds} × ${settings.durationSeconds} s ` +
      `after ${settings.warmupSeconds} s of warm-up.`,
    '',
    throughputTables(summaries, settings.routes),
    '',
    '### Peak RSS of each server process (VmHWM, highest over its rounds)',
    '',
    memoryTable(summaries),
    '',
    '### Versions',
    '',
    versionTable(versions),
    '',
  ].join('\n')
  process.stdout.write(`\n${markdown}`)

  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(
    `${RESULTS_DIR}latest.json`,
    JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        command,
        machine,
        loadGenerator,
        settings: {
          rounds: settings.rounds,
          durationSeconds: settings.durationSeconds,
          warmupSeconds: settings.warmupSeconds,
          connections: settings.connections,
          routes: settings.routes,
          smoke: settings.smoke,
        },
        versions: Object.fromEntries(versions),
        summaries,
        runs: records,
      },
      null,
      2,
    ) + '\n',
  )
  writeFileSync(`${RESULTS_DIR}latest.md`, markdown)
  if (settings.routes.includes('read-session')) {
    const title = `GET /read-session with a valid cookie, ${machine.cpus} CPUs, ${settings.loadGenerator}`
    writeFileSync(
      `${RESULTS_DIR}chart.svg`,
      barChartSvg(summaries, measured, 'read-session', title),
    )
  }
  process.stdout.write(`\nwrote ${RESULTS_DIR}latest.json, latest.md and chart.svg\n`)

  const problems: string[] = []
  for (const [id, message] of failures) problems.push(`${id}: ${message.split('\n')[0]}`)
  for (const summary of summaries) {
    for (const [route, result] of Object.entries(summary.routes)) {
      if (result.errors > 0) problems.push(`${summary.id} GET /${route}: ${result.errors} errors`)
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`\nbenchmark finished with problems:\n  ${problems.join('\n  ')}\n`)
    return 1
  }
  return 0
}

process.exitCode = await main()
