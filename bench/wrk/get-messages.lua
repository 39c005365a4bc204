-- Scenario 7: GET of the first page (20 messages) of a random conversation's messages.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
common.random_get("/api/v2/conversations/%s/messages/?limit=20")
