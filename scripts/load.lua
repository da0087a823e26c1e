-- wrk script for scripts/load.sh: after the run, one machine-readable line with
-- throughput, errors and the latency percentiles (wrk's --latency prints
-- 50/75/90/99 but not 95). Latencies are in microseconds.
--
--   wrk -t2 -c50 -d10s --latency -s scripts/load.lua URL
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"LOAD requests=%d duration_us=%d rps=%.1f errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d\n",
		summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
		e.connect, e.read, e.write, e.status, e.timeout,
		latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
