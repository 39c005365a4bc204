-- Counts one request of a tenant in its second, minute and day windows, atomically, if all three have room.
-- KEYS[1]: the tenant's key prefix, "rate-limit:{<tenant id>}" (the hash tag keeps a tenant on one cluster slot)
-- ARGV[1..3]: the limits per second, minute and day
-- Returns {allowed (1|0), second count, minute count, day count, Redis time in milliseconds}.
-- Effects replication (default since Redis 5) lets a script write after reading the clock.
redis.replicate_commands()
local time = redis.call('TIME')
local now_ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lengths = {1, 60, 86400}
local keys, counts = {}, {}
local allowed = 1
for i = 1, 3 do
  keys[i] = KEYS[1] .. ':' .. lengths[i] .. ':' .. math.floor(tonumber(time[1]) / lengths[i])
  counts[i] = tonumber(redis.call('GET', keys[i]) or '0')
  if counts[i] >= tonumber(ARGV[i]) then allowed = 0 end
end
if allowed == 1 then
  for i = 1, 3 do
    counts[i] = redis.call('INCR', keys[i])
    if counts[i] == 1 then redis.call('EXPIRE', keys[i], lengths[i] + 1) end
  end
end
return {allowed, counts[1], counts[2], counts[3], now_ms}
