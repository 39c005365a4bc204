-- Scenario 2: PATCH of random conversations. 9 in 10 requests set the key "r7", 1 in 10 delete it: the very
-- patches pgbench sends, so both merge into metadata of the same size.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
common.metadata_patch("/api/v2/conversations/%s/", '{"metadata":{"r7":%s}}')
