-- Scenario 3: GET of random conversations.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
setup = common.setup

function init(args)
  common.seed_random()
  common.headers()
  wrk.method = "GET"
end

function request()
  return wrk.format(nil, "/api/v2/conversations/" .. common.random_id() .. "/")
end

function done(summary, latency, requests)
  common.write_result(summary, latency)
end
