-- Scenario 5: POST of a text message by the end user of a random conversation (seeded end users have the
-- conversation's id), or of the hot conversation when BENCH_HOT_ID is set. For the hot run (as many threads as
-- connections, so each thread's requests are answered in order), every body names its run, thread and number,
-- "(h-<thread>-<n>)", and done() writes "<thread> <answered 201> <last number made> <failed>" per thread to
-- BENCH_EXPECTED, so that bench/run can check that every acknowledged message is stored, exactly once.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  common.seed_random()
  common.headers()
  wrk.method = "POST"
  hot_id = os.getenv("BENCH_HOT_ID")
  -- "w" in the warm-up, "h" in the measured run; "r" before it in the random run, which may post to the hot
  -- conversation too.
  run = (hot_id and "" or "r") .. (os.getenv("BENCH_KEY_PREFIX") or "h")
  sent, answered, failed = 0, 0, 0
end

-- The number of a request is one more than the answers so far (one connection per thread, so the request being
-- made is the next to be answered): a request wrk makes but never sends does not leave a gap.
function request()
  local id = hot_id or common.random_id()
  sent = answered + failed + 1
  return wrk.format(nil, "/api/v2/conversations/" .. id .. "/messages/", nil, string.format(
    '{"author":{"role":"end_user","id":"%s"},"content":{"type":"text","body":"Hello, I have a question about my order (%s-%d-%d)"}}',
    id, run, thread_number, sent))
end

function response(status, headers, body)
  if status == 201 then
    answered = answered + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  common.write_result(summary, latency)
  local expected = os.getenv("BENCH_EXPECTED")
  if not expected or expected == "" then return end
  local file = assert(io.open(expected, "w"))
  for number, thread in ipairs(threads) do
    file:write(string.format("%d %d %d %d\n", number, thread:get("answered"), thread:get("sent"), thread:get("failed")))
  end
  file:close()
end
