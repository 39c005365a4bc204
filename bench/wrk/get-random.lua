-- Scenario 3: GET of random conversations.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_number)
  common.headers()
  wrk.method = "GET"
end

function request()
  return wrk.format(nil, "/api/v2/conversations/" .. common.random_id() .. "/")
end

function done(summary, latency, requests)
  common.write_result(summary, latency)
end
