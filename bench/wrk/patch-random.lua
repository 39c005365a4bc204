-- Scenario 2: PATCH of random conversations. 9 in 10 requests set the key "r7", 1 in 10 delete it: the very
-- patches pgbench sends, so both merge into metadata of the same size.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
setup = common.setup

function init(args)
  common.seed_random()
  common.headers()
  wrk.method = "PATCH"
  counter = 0
end

function request()
  counter = counter + 1
  local value = counter % 10 == 0 and "null" or tostring(counter)
  local body = string.format('{"metadata":{"r7":%s}}', value)
  return wrk.format(nil, "/api/v2/conversations/" .. common.random_id() .. "/", nil, body)
end

function done(summary, latency, requests)
  common.write_result(summary, latency)
end
