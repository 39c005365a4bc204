-- PATCH of random end users (seeded with a profile and 5 metadata keys): a profile field replaced and the key
-- "r7" set (9 in 10) or removed (1 in 10), the very patches pgbench sends through patch-end-user.sql.
package.path = "bench/wrk/?.lua;" .. package.path
local common = require("common")
common.metadata_patch("/api/v2/end-users/%s", '{"profile":{"last_name":"Lovelace","metadata":{"r7":%s}}}')
