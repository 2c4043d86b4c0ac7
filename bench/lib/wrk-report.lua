-- Prints wrk's totals as one JSON line after the run. Only done() is defined, because a
-- response() callback would run Lua on every response and slow wrk down.
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"timeouts":%d,"statusErrors":%d,"latencyP50Us":%d,"latencyP99Us":%d}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status,
    latency:percentile(50), latency:percentile(99)))
end
