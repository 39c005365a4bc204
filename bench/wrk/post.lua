-- Scenario 4: POST of new conversations (each with a new end user). BENCH_CHANNEL is the seeded channel.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")

function init(args)
  common.headers()
  wrk.method = "POST"
  wrk.path = "/api/v2/conversations/"
  wrk.body = string.format(
    '{"channel_id":"%s","metadata":{"plan":"pro","seats":3,"source":"bench"}}', os.getenv("BENCH_CHANNEL"))
end

function done(summary, latency, requests)
  common.write_result(summary, latency)
end
