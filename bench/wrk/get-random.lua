-- Scenario 3: GET of random conversations.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
common.random_get("/api/v2/conversations/%s/")
