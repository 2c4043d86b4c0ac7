/** A small timing loop for micro-benchmarks: warm-up, then the median of several batches. */

/** Settings of {@link measureOps}. Every loop is bounded in time and in count. */
export interface MicroOptions {
  /** Milliseconds of untimed calls before the batches. */
  warmupMs: number
  /** Number of timed batches; the result is their median. */
  batches: number
  /** Target milliseconds of one batch. */
  batchMs: number
  /** Maximum calls in one batch or in the warm-up, whatever the time. */
  maxCallsPerBatch: number
}

/** Median and spread of one measured operation. */
export interface MicroResult {
  opsPerSecond: number
  minOpsPerSecond: number
  maxOpsPerSecond: number
  batches: number
}

function nowNs(): bigint {
  return process.hrtime.bigint()
}

// Calls `operation` until `budgetNs` has passed or `maxCalls` is reached, and returns the
// number of calls and the nanoseconds they took.
async function runBatch(
  operation: () => unknown,
  budgetNs: bigint,
  maxCalls: number,
): Promise<{ calls: number; elapsedNs: bigint }> {
  const start = nowNs()
  const deadline = start + budgetNs
  let calls = 0
  // The clock is read every 16 calls, so reading it costs little beside fast operations.
  while (calls < maxCalls) {
    for (let i = 0; i < 16; i++) {
      const result = operation()
      if (result instanceof Promise) await result
    }
    calls += 16
    if (nowNs() >= deadline) break
  }
  return { calls, elapsedNs: nowNs() - start }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length % 2 === 1) return sorted[middle] as number
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * Measures the calls per second of `operation`, sync or async, one call after the other.
 *
 * @example
 * ```ts
 * const { opsPerSecond } = await measureOps(() => hmac(bytes), options)
 * ```
 */
export async function measureOps(
  operation: () => unknown,
  options: MicroOptions,
): Promise<MicroResult> {
  await runBatch(operation, BigInt(Math.round(options.warmupMs * 1e6)), options.maxCallsPerBatch)
  const rates: number[] = []
  for (let batch = 0; batch < options.batches; batch++) {
    const budget = BigInt(Math.round(options.batchMs * 1e6))
    const { calls, elapsedNs } = await runBatch(operation, budget, options.maxCallsPerBatch)
    rates.push(calls / (Number(elapsedNs) / 1e9))
  }
  return {
    opsPerSecond: median(rates),
    minOpsPerSecond: Math.min(...rates),
    maxOpsPerSecond: Math.max(...rates),
    batches: rates.length,
  }
}
