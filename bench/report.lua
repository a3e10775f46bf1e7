-- wrk script for bench/run.py: counts responses that were not 200 and, when
-- the run ends, prints one machine-readable line with the request count, the
-- run time and the 50th/95th/99th latency percentiles (wrk's --latency output
-- has no 95th). Each wrk thread has its own Lua state, so the counts are
-- gathered from every thread in done().

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    "TANDEM_BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d not_200=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    bad, e.connect + e.read + e.write + e.timeout
  ))
end
