-- Shared by the wrk scenarios: authentication, per-thread random seeds and the result file.
-- Environment: BENCH_KEY (API key), BENCH_ROWS (seeded conversations), BENCH_OUT (result JSON file).
local common = {}

common.rows = tonumber(os.getenv("BENCH_ROWS") or "10000")
local threads = 0

-- Use as the script's setup(): numbers the threads, so that each seeds its own random sequence.
function common.setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function common.seed_random()
  math.randomseed(os.time() * 1000 + thread_number)
end

function common.headers()
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
  wrk.headers["Content-Type"] = "application/json"
end

-- Seeded conversations have the ids 000...001 to the row count (decimal digits are valid hex ids).
function common.random_id()
  return string.format("%024d", math.random(1, common.rows))
end

function common.write_result(summary, latency, extra)
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  local file = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  file:write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"non_2xx":%d,"socket_errors":%d%s}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, socket_errors, extra or ""))
  file:close()
end

-- Defines the wrk hooks of a metadata PATCH of random rows: 9 in 10 requests set the key "r7", 1 in 10 delete it
-- (the very patches pgbench sends). path_format and body_format take the row id and the value.
function common.metadata_patch(path_format, body_format)
  setup = common.setup
  init = function(args)
    common.seed_random()
    common.headers()
    wrk.method = "PATCH"
    counter = 0
  end
  request = function()
    counter = counter + 1
    local value = counter % 10 == 0 and "null" or tostring(counter)
    return wrk.format(nil, string.format(path_format, common.random_id()), nil, string.format(body_format, value))
  end
  done = function(summary, latency, requests)
    common.write_result(summary, latency)
  end
end

-- Defines the wrk hooks of a GET of random rows; path_format takes the row id.
function common.random_get(path_format)
  setup = common.setup
  init = function(args)
    common.seed_random()
    common.headers()
    wrk.method = "GET"
  end
  request = function()
    return wrk.format(nil, string.format(path_format, common.random_id()))
  end
  done = function(summary, latency, requests)
    common.write_result(summary, latency)
  end
end

return common
