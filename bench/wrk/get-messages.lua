-- Scenario 7: GET of the first page (20 messages) of a random conversation's messages.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
setup = common.setup

function init(args)
  common.seed_random()
  common.headers()
  wrk.method = "GET"
end

function request()
  return wrk.format(nil, "/api/v2/conversations/" .. common.random_id() .. "/messages/?limit=20")
end

function done(summary, latency, requests)
  common.write_result(summary, latency)
end
