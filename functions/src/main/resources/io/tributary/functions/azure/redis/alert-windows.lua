-- The alert windows every instance shares (RedisAlertWindowStore). KEYS[1] is the tenant's prefix,
-- <prefix>{<tenant>}: ; every key below starts with it, so all of a tenant's keys are in one slot.
--   <p>b:<batch>          a batch added (SET NX), expires after keep
--   <p><rule>:i           hash group -> "<firing 0|1>:<last fired, ns, or empty>" (the groups and their state)
--   <p><rule>:g:<group>   hash bucket -> count, expires keep after the last add
--   <p><rule>:t           sorted set of templates met, scored by arrival (the oldest dropped past the cap)
-- ARGV[1] is the operation: add, groups or claim. Numbers travel as strings; times in ns are only
-- subtracted (a double holds their difference to within a microsecond).
local p = KEYS[1]
local op = ARGV[1]

local function window(rule, group, state)
  local b = redis.call('HGETALL', p .. rule .. ':g:' .. group)
  return {rule, group, state or '0:', b}
end

if op == 'add' then
  -- add, batch, keepMs, stateKeepMs, maxTemplates, nRules, then per rule:
  --   rule, minBucket, nCounts, (group, bucket, n) * nCounts, nTemplates, template * nTemplates
  local keep, stateKeep, maxTemplates = ARGV[3], ARGV[4], tonumber(ARGV[5])
  local fresh = redis.call('SET', p .. 'b:' .. ARGV[2], '1', 'NX', 'PX', keep)
  local dup = (not fresh) and 1 or 0
  local windows, news = {}, {}
  local i = 7
  for _ = 1, tonumber(ARGV[6]) do
    local rule, minBucket, n = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
    i = i + 3
    local index = p .. rule .. ':i'
    local touched, order = {}, {}
    for _ = 1, n do
      local group, bucket, count = ARGV[i], ARGV[i + 1], ARGV[i + 2]
      i = i + 3
      if dup == 0 then
        local g = p .. rule .. ':g:' .. group
        redis.call('HINCRBY', g, bucket, count)
        if not touched[group] then
          for _, f in ipairs(redis.call('HKEYS', g)) do
            if tonumber(f) < minBucket then
              redis.call('HDEL', g, f)
            end
          end
          redis.call('PEXPIRE', g, keep)
        end
        redis.call('HSETNX', index, group, '0:')
      end
      if not touched[group] then
        touched[group] = true
        order[#order + 1] = group
      end
    end
    redis.call('PEXPIRE', index, stateKeep)
    for _, group in ipairs(order) do
      windows[#windows + 1] = window(rule, group, redis.call('HGET', index, group))
    end
    local nt = tonumber(ARGV[i])
    i = i + 1
    local ruleNew = {}
    local t = p .. rule .. ':t'
    for _ = 1, nt do
      if dup == 0 and redis.call('ZADD', t, 'NX', redis.call('INCR', p .. rule .. ':tn'), ARGV[i]) == 1 then
        ruleNew[#ruleNew + 1] = ARGV[i]
      end
      i = i + 1
    end
    if nt > 0 then
      local extra = redis.call('ZCARD', t) - maxTemplates
      if extra > 0 then
        redis.call('ZPOPMIN', t, extra)
      end
      redis.call('PEXPIRE', t, stateKeep)
      redis.call('PEXPIRE', p .. rule .. ':tn', stateKeep)
    end
    if #ruleNew > 0 then
      news[#news + 1] = {rule, ruleNew}
    end
  end
  return {dup, windows, news}
end

if op == 'groups' then
  -- groups, rule, dropQuiet (0|1), stateKeepMs
  local rule, dropQuiet = ARGV[2], ARGV[3] == '1'
  local index = p .. rule .. ':i'
  local out = {}
  local all = redis.call('HGETALL', index)
  for k = 1, #all, 2 do
    local group, state = all[k], all[k + 1]
    if dropQuiet and string.sub(state, 1, 1) == '0' and redis.call('EXISTS', p .. rule .. ':g:' .. group) == 0 then
      redis.call('HDEL', index, group)
    else
      out[#out + 1] = window(rule, group, state)
    end
  end
  if #all > 0 then
    redis.call('PEXPIRE', index, ARGV[4])
  end
  return out
end

if op == 'claim' then
  -- claim, rule, group, firing (0|1), nowNs, cooldownNs, stateKeepMs
  local index = p .. ARGV[2] .. ':i'
  local group, firing, now, cooldown = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
  local state = redis.call('HGET', index, group) or '0:'
  local current, last = string.sub(state, 1, 1), string.sub(state, 3)
  local won = 0
  if current ~= firing and (firing == '0' or last == '' or tonumber(now) - tonumber(last) >= cooldown) then
    won = 1
    if firing == '1' then
      last = now
    end
    state = firing .. ':' .. last
    redis.call('HSET', index, group, state)
  end
  redis.call('PEXPIRE', index, ARGV[7])
  return {won, state}
end

return redis.error_reply('unknown operation ' .. tostring(op))
