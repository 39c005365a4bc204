-- PATCH of random end users (seeded with a profile and 5 metadata keys): a profile field replaced and the key
-- "r7" set (9 in 10) or removed (1 in 10), the very patches pgbench sends through patch-end-user.sql.
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
  local body = string.format('{"profile":{"last_name":"Lovelace","metadata":{"r7":%s}}}', value)
  return wrk.format(nil, "/api/v2/end-users/" .. common.random_id(), nil, body)
end

function done(summary, latency, requests)
  common.write_result(summary, latency)
end
