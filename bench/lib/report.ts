/** Summaries, Markdown tables and the SVG chart of a benchmark run. */
import type { Contender } from './contenders.ts'
import { BARE_OF } from './contenders.ts'
import type { Route } from './http-check.ts'
import type { LoadResult } from './load.ts'

/** One timed run of one route of one contender. */
export interface RunRecord extends LoadResult {
  round: number
  contender: string
  route: Route
}

/** Medians over the rounds of one route of one contender. */
export interface RouteSummary {
  medianRequestsPerSecond: number
  minRequestsPerSecond: number
  maxRequestsPerSecond: number
  medianLatencyP99Ms: number
  /** Non-2xx responses plus socket errors, summed over all rounds. */
  errors: number
  rounds: number
  /** Median divided by the median of bare node:http, when that server ran. */
  ratioToBareNode: number | undefined
  /** Median divided by the median of the bare server of the same framework, when it ran. */
  ratioToOwnBare: number | undefined
}

/** Everything the report shows about one contender. */
export interface ContenderSummary {
  id: string
  label: string
  framework: string
  routes: Partial<Record<Route, RouteSummary>>
  /** Highest VmHWM over all rounds, in KiB. */
  peakRssKiB: number | undefined
  /** Reason the contender could not be measured, when it failed. */
  failure: string | undefined
}

/**
 * Returns the median of a non-empty list; for an even count, the mean of the middle two.
 *
 * @example
 * ```ts
 * median([3, 1, 2]) // 2
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length % 2 === 1) return sorted[middle] as number
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * Reduces the run records to one summary per contender, with ratios to the bare servers.
 *
 * @example
 * ```ts
 * const summaries = summarize(CONTENDERS, records, peakRss, failures, ROUTES)
 * ```
 */
export function summarize(
  contenders: readonly Contender[],
  records: readonly RunRecord[],
  peakRssKiB: ReadonlyMap<string, number>,
  failures: ReadonlyMap<string, string>,
  routes: readonly Route[],
): ContenderSummary[] {
  const medians = new Map<string, number>()
  const key = (id: string, route: Route): string => `${id} ${route}`
  for (const contender of contenders) {
    for (const route of routes) {
      const values = records
        .filter((record) => record.contender === contender.id && record.route === route)
        .map((record) => record.requestsPerSecond)
      if (values.length > 0) medians.set(key(contender.id, route), median(values))
    }
  }

  return contenders.map((contender) => {
    const summary: ContenderSummary = {
      id: contender.id,
      label: contender.label,
      framework: contender.framework,
      routes: {},
      peakRssKiB: peakRssKiB.get(contender.id),
      failure: failures.get(contender.id),
    }
    for (const route of routes) {
      const runs = records.filter((r) => r.contender === contender.id && r.route === route)
      const own = medians.get(key(contender.id, route))
      if (runs.length === 0 || own === undefined) continue
      const bareNode = medians.get(key(BARE_OF.node, route))
      const ownBare = medians.get(key(BARE_OF[contender.framework], route))
      const rates = runs.map((run) => run.requestsPerSecond)
      summary.routes[route] = {
        medianRequestsPerSecond: own,
        minRequestsPerSecond: Math.min(...rates),
        maxRequestsPerSecond: Math.max(...rates),
        medianLatencyP99Ms: median(runs.map((run) => run.latencyP99Ms)),
        errors: runs.reduce((sum, run) => sum + run.non2xx + run.socketErrors, 0),
        rounds: runs.length,
        ratioToBareNode: bareNode ? own / bareNode : undefined,
        ratioToOwnBare: ownBare ? own / ownBare : undefined,
      }
    }
    return summary
  })
}

function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

function formatRatio(value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(2)
}

/**
 * Renders one Markdown table per route, ready to paste into BENCHMARKS.md.
 *
 * @example
 * ```ts
 * console.log(throughputTables(summaries, ['read-session']))
 * ```
 */
export function throughputTables(
  summaries: readonly ContenderSummary[],
  routes: readonly Route[],
): string {
  const sections: string[] = []
  for (const route of routes) {
    const lines = [
      `### GET /${route}`,
      '',
      '| server | req/s (median) | min – max | × bare node:http | × bare of its framework | p99 ms | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ]
    for (const summary of summaries) {
      const result = summary.routes[route]
      if (!result) {
        const reason = summary.failure
          ? `not measured: ${summary.failure.split('\n')[0]}`
          : 'not run'
        lines.push(`| ${summary.label} | ${reason} | | | | | |`)
        continue
      }
      lines.push(
        [
          '',
          ` ${summary.label} `,
          ` ${formatInteger(result.medianRequestsPerSecond)} `,
          ` ${formatInteger(result.minRequestsPerSecond)} – ${formatInteger(result.maxRequestsPerSecond)} `,
          ` ${formatRatio(result.ratioToBareNode)} `,
          ` ${formatRatio(result.ratioToOwnBare)} `,
          ` ${result.medianLatencyP99Ms.toFixed(1)} `,
          ` ${result.errors} `,
          '',
        ].join('|'),
      )
    }
    sections.push(lines.join('\n'))
  }
  return sections.join('\n\n')
}

/**
 * Renders the peak resident set size of each server process as a Markdown table.
 *
 * @example
 * ```ts
 * console.log(memoryTable(summaries))
 * ```
 */
export function memoryTable(summaries: readonly ContenderSummary[]): string {
  const lines = ['| server | peak RSS (MiB) |', '| --- | ---: |']
  for (const summary of summaries) {
    const value = summary.peakRssKiB === undefined ? '—' : (summary.peakRssKiB / 1024).toFixed(1)
    lines.push(`| ${summary.label} | ${value} |`)
  }
  return lines.join('\n')
}

/**
 * Renders package versions as a Markdown table.
 *
 * @example
 * ```ts
 * console.log(versionTable(new Map([['express', '5.3.0']])))
 * ```
 */
export function versionTable(versions: ReadonlyMap<string, string>): string {
  const lines = ['| package | version |', '| --- | --- |']
  for (const [name, version] of [...versions].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${name} | ${version} |`)
  }
  return lines.join('\n')
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}

const CHART_COLORS = {
  bare: '#9e9e9e',
  floor: '#6aa84f',
  anchor: '#4a78b5',
  tessera: '#d9822b',
}

/**
 * Draws a horizontal bar chart of median req/s per contender for one route, with a thin
 * line across each bar's min–max range over the rounds.
 *
 * @example
 * ```ts
 * writeFileSync('chart.svg', barChartSvg(summaries, contenders, 'read-session', 'GET /read-session'))
 * ```
 */
export function barChartSvg(
  summaries: readonly ContenderSummary[],
  contenders: readonly Contender[],
  route: Route,
  title: string,
): string {
  const rows = summaries.filter((summary) => summary.routes[route])
  const labelWidth = 450
  const barWidth = 380
  const valueWidth = 90
  const rowHeight = 26
  const top = 56
  const width = labelWidth + barWidth + valueWidth
  const height = top + rows.length * rowHeight + 40
  const scaleMax = Math.max(1, ...rows.map((row) => row.routes[route]?.maxRequestsPerSecond ?? 0))

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="44" fill="#555555">median req/s over the rounds; the thin line spans min to max</text>`,
  ]
  rows.forEach((row, index) => {
    const result = row.routes[route]
    if (!result) return
    const contender = contenders.find((candidate) => candidate.id === row.id)
    let color = CHART_COLORS.anchor
    if (contender?.bare) color = CHART_COLORS.bare
    else if (contender?.tessera) color = CHART_COLORS.tessera
    else if (contender?.id === 'hand-hmac') color = CHART_COLORS.floor

    const y = top + index * rowHeight
    const barLength = (result.medianRequestsPerSecond / scaleMax) * barWidth
    const minX = labelWidth + (result.minRequestsPerSecond / scaleMax) * barWidth
    const maxX = labelWidth + (result.maxRequestsPerSecond / scaleMax) * barWidth
    const middle = y + rowHeight / 2
    parts.push(
      `<text x="${labelWidth - 8}" y="${middle + 4}" text-anchor="end">${escapeXml(row.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${barLength.toFixed(1)}" height="${rowHeight - 8}" fill="${color}"/>`,
      `<line x1="${minX.toFixed(1)}" y1="${middle}" x2="${maxX.toFixed(1)}" y2="${middle}" stroke="#222222" stroke-width="1.5"/>`,
      `<text x="${(labelWidth + Math.max(barLength, maxX - labelWidth) + 6).toFixed(1)}" y="${middle + 4}">${formatInteger(result.medianRequestsPerSecond)}</text>`,
    )
  })
  const legendY = top + rows.length * rowHeight + 24
  const legend: [string, string][] = [
    ['no session', CHART_COLORS.bare],
    ['one HMAC per request', CHART_COLORS.floor],
    ['other libraries', CHART_COLORS.anchor],
    ['tessera', CHART_COLORS.tessera],
  ]
  let legendX = 12
  for (const [name, color] of legend) {
    parts.push(
      `<rect x="${legendX}" y="${legendY - 10}" width="12" height="12" fill="${color}"/>`,
      `<text x="${legendX + 18}" y="${legendY}">${escapeXml(name)}</text>`,
    )
    // An estimate of the text width at 13 px, enough to keep the entries apart.
    legendX += 18 + name.length * 7.5 + 24
  }
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}
