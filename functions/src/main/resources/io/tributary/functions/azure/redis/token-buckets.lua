-- Two token buckets of one tenant (events, bytes) decided and updated in one atomic step.
-- The same rule as TokenBucketMath.decide; time is the server's, so instances' clocks do not matter.
-- KEYS[1] events bucket, KEYS[2] bytes bucket (one hash slot: the tenant is the hash tag)
-- ARGV: eventsPerSecond, eventBurst, bytesPerSecond, byteBurst, events, bytes, take (1) or peek (0)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local evRate, evBurst = tonumber(ARGV[1]), tonumber(ARGV[2])
local byRate, byBurst = tonumber(ARGV[3]), tonumber(ARGV[4])
local nEv, nBy, take = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])

local function level(key, rate, burst)
  local v = redis.call('HMGET', key, 't', 'at')
  local tokens, at = tonumber(v[1]), tonumber(v[2])
  if tokens == nil or at == nil then
    return burst
  end
  return math.min(burst, tokens + math.max(0, now - at) / 1000000 * rate)
end

local ev = level(KEYS[1], evRate, evBurst)
local by = level(KEYS[2], byRate, byBurst)
local needEv, needBy = 1, 1
if take == 1 then
  needEv, needBy = nEv, nBy
end
local full = ev >= evBurst and by >= byBurst
local allowed = (ev >= needEv and by >= needBy) or (take == 1 and full)
local wait = 0
if allowed then
  if take == 1 then
    ev = ev - nEv
    by = by - nBy
    -- A bucket left alone refills; once it would be full its key may go (absent means full).
    local evMs = math.ceil((evBurst - ev) / evRate * 1000) + 1000
    local byMs = math.ceil((byBurst - by) / byRate * 1000) + 1000
    redis.call('HSET', KEYS[1], 't', tostring(ev), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[1], evMs)
    redis.call('HSET', KEYS[2], 't', tostring(by), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[2], byMs)
  end
else
  wait = math.max(math.max(0, math.min(needEv, evBurst) - ev) / evRate,
      math.max(0, math.min(needBy, byBurst) - by) / byRate)
end
return {allowed and 1 or 0, tostring(ev), tostring(by), tostring(wait)}
