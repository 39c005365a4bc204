-- Scenario 1: PATCH of one hot conversation (BENCH_HOT_ID). Run with as many threads as connections, so each
-- thread has one connection and its requests are answered in the order they were sent. Each thread owns 4
-- keys "<prefix><thread>_<slot>": 9 in 10 requests set one, 1 in 10 deletes one. The thread remembers, per key,
-- the last value a 200 acknowledged and the value still in flight when the run stopped; done() writes them to
-- BENCH_EXPECTED so that bench/run can check the final state of the conversation.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  common.headers()
  wrk.method = "PATCH"
  prefix = os.getenv("BENCH_KEY_PREFIX") or "h"
  path = "/api/v2/conversations/" .. os.getenv("BENCH_HOT_ID") .. "/"
  counter, first, last, failed = 0, 1, 0, 0
end

-- wrk copies only flat values out of a thread, so everything done() reads is a plain global:
-- sent_slot_<n>/sent_value_<n> for request n until it is answered, acked_<slot> for the last acknowledged value.
function request()
  counter = counter + 1
  local slot = counter % 4
  local value = counter % 10 == 0 and "null" or tostring(counter)
  last = last + 1
  _G["sent_slot_" .. last], _G["sent_value_" .. last] = slot, value
  local key = string.format("%s%02d_%d", prefix, thread_number, slot)
  return wrk.format(nil, path, nil, string.format('{"metadata":{"%s":%s}}', key, value))
end

function response(status, headers, body)
  local slot, value = _G["sent_slot_" .. first], _G["sent_value_" .. first]
  _G["sent_slot_" .. first], _G["sent_value_" .. first] = nil, nil
  first = first + 1
  if status == 200 then
    _G["acked_" .. slot] = value
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
    local unanswered = {}
    for n = thread:get("first"), thread:get("last") do
      unanswered[thread:get("sent_slot_" .. n)] = thread:get("sent_value_" .. n)
    end
    for slot = 0, 3 do
      -- key, last acknowledged value ("-" when none), value in flight ("-" when none); "null" means deleted
      file:write(string.format("%s%02d_%d %s %s\n", thread:get("prefix"), number, slot,
        thread:get("acked_" .. slot) or "-", unanswered[slot] or "-"))
    end
    file:write("#failed " .. thread:get("failed") .. "\n")
  end
  file:close()
end
