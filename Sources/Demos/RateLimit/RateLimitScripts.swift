/// The Lua scripts of the five limiters: read, decide and write in one atomic step.
///
/// Redis runs a script without interleaving other clients' commands, so two clients can
/// never both read "9 of 10" and both be let in (the race `NaiveLimiter` loses).
///
/// Every script takes the same arguments, so the Swift side is one code path:
/// KEYS[1] is the client's base key; ARGV is
/// 1. the time in microseconds since the epoch, or "" to read Redis `TIME`,
/// 2. the limit (requests per period),
/// 3. the period in microseconds,
/// 4. the cost of this request,
/// 5. the burst (token bucket, GCRA) or a unique member suffix (sliding log); unused otherwise.
///
/// Every script returns `{allowed (0/1), remaining, retry_after, reset_after, now}`:
/// durations are seconds as strings ("0.100000", "-1" when there is no wait) because Redis
/// truncates Lua numbers to integers in replies, and `now` is the microseconds the script
/// used, as a string. Times are whole microseconds, exact in a Lua double until 2255.
///
/// Calling `TIME` before writing is fine on Redis 5 and later, which replicate a script's
/// effects rather than the script; Redis 3.2 and 4 would need `redis.replicate_commands()`
/// first.
enum RateLimitScripts {
  static func source(for algorithm: RateLimitAlgorithm) -> String {
    switch algorithm {
    case .fixedWindow: return prelude + fixedWindow
    case .slidingWindowLog: return prelude + slidingWindowLog
    case .slidingWindowCounter: return prelude + slidingWindowCounter
    case .tokenBucket: return prelude + tokenBucket
    case .gcra: return prelude + gcra
    }
  }

  /// Reads the arguments and the time; helpers that format numbers for keys and replies.
  ///
  /// `tostring` would print 1.7e+15 for a time, so numbers are formatted explicitly.
  static let prelude = """
    local now
    if ARGV[1] == '' then
      local time = redis.call('TIME')
      now = tonumber(time[1]) * 1000000 + tonumber(time[2])
    else
      now = tonumber(ARGV[1])
    end
    local limit = tonumber(ARGV[2])
    local period = tonumber(ARGV[3])
    local cost = tonumber(ARGV[4])
    local function whole(number) return string.format('%.0f', number) end
    local function seconds(micros) return string.format('%.6f', micros / 1000000) end
    local function milliseconds(micros) return math.max(1, math.ceil(micros / 1000)) end

    """

  /// INCRBY the current window's counter and set its expiry to the window's end, together.
  ///
  /// Done as two commands from the client, a crash between them would leave a counter
  /// without a TTL: the client blocked forever once it reached the limit. Denied requests
  /// are not counted, so a client hammering a closed window is let in when it reopens.
  static let fixedWindow = """
    local window_start = now - (now % period)
    local window_end = window_start + period
    local key = KEYS[1] .. ':' .. whole(window_start / 1000)
    local count = tonumber(redis.call('GET', key) or '0')
    if count + cost <= limit then
      count = redis.call('INCRBY', key, cost)
      redis.call('PEXPIRE', key, milliseconds(window_end - now))
      return {1, limit - count, '-1', seconds(window_end - now), whole(now)}
    end
    return {0, math.max(0, limit - count), seconds(window_end - now),
      seconds(window_end - now), whole(now)}
    """

  /// Drop timestamps older than the period, count the rest, add this request's if it fits.
  ///
  /// Members are `now:suffix:i` with a suffix unique per call, so two requests in the same
  /// microsecond are two members, not one. When denied, the wait is until enough of the
  /// oldest entries leave the window to make room for `cost` more.
  static let slidingWindowLog = """
    local key = KEYS[1]
    redis.call('ZREMRANGEBYSCORE', key, '-inf', whole(now - period))
    local count = redis.call('ZCARD', key)
    if count + cost <= limit then
      for i = 1, cost do
        redis.call('ZADD', key, whole(now), whole(now) .. ':' .. ARGV[5] .. ':' .. i)
      end
      redis.call('PEXPIRE', key, milliseconds(period))
      return {1, limit - count - cost, '-1', seconds(period), whole(now)}
    end
    local index = count + cost - limit - 1
    local blocking = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
    local retry = math.max(1, tonumber(blocking[2]) + period - now)
    local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
    local reset = math.max(0, tonumber(newest[2]) + period - now)
    return {0, math.max(0, limit - count), seconds(retry), seconds(reset), whole(now)}
    """

  /// Estimate the sliding window as previous·(period − elapsed)/period + current.
  ///
  /// Compared in whole microseconds (multiplied through by the period) so the boundary is
  /// exact. A counter lives until the end of the window after its own, where it is the
  /// "previous" one. When denied, the wait is until the previous window's weight has faded
  /// enough, or, if the current window alone is full, into the next window until the
  /// current count's weight has.
  static let slidingWindowCounter = """
    local window_start = now - (now % period)
    local elapsed = now - window_start
    local current_key = KEYS[1] .. ':' .. whole(window_start / 1000)
    local previous_key = KEYS[1] .. ':' .. whole((window_start - period) / 1000)
    local current = tonumber(redis.call('GET', current_key) or '0')
    local previous = tonumber(redis.call('GET', previous_key) or '0')
    local weighted = previous * (period - elapsed) + current * period
    local allowance = limit - cost
    if weighted <= allowance * period then
      redis.call('INCRBY', current_key, cost)
      redis.call('PEXPIRE', current_key, milliseconds(window_start + 2 * period - now))
      weighted = weighted + cost * period
      return {1, math.floor((limit * period - weighted) / period), '-1',
        seconds(window_start + 2 * period - now), whole(now)}
    end
    local retry
    if current <= allowance then
      retry = period - math.floor((allowance - current) * period / previous) - elapsed
    else
      retry = period - elapsed + period - math.floor(allowance * period / current)
    end
    local reset = 0
    if current > 0 then
      reset = window_start + 2 * period - now
    elseif previous > 0 then
      reset = window_start + period - now
    end
    return {0, math.max(0, math.floor((limit * period - weighted) / period)),
      seconds(math.max(1, retry)), seconds(reset), whole(now)}
    """

  /// Refill the bucket for the time since the last refill, then take `cost` tokens if there.
  ///
  /// One token arrives every period/limit microseconds, up to the burst. The hash lives as
  /// long as the bucket takes to fill up again; after that a missing key means a full one.
  static let tokenBucket = """
    local capacity = tonumber(ARGV[5])
    local emission = period / limit
    local state = redis.call('HMGET', KEYS[1], 'tokens', 'refilled')
    local tokens = tonumber(state[1])
    local refilled = tonumber(state[2])
    if tokens == nil or refilled == nil then
      tokens = capacity
      refilled = now
    end
    tokens = math.min(capacity, tokens + math.max(0, now - refilled) / emission)
    local allowed = 0
    if tokens >= cost then
      tokens = tokens - cost
      allowed = 1
    end
    local reset = math.ceil((capacity - tokens) * emission)
    redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens),
      'refilled', whole(math.max(refilled, now)))
    redis.call('PEXPIRE', KEYS[1], milliseconds(reset))
    local retry = '-1'
    if allowed == 0 then retry = seconds(math.ceil((cost - tokens) * emission)) end
    return {allowed, math.floor(tokens), retry, seconds(reset), whole(now)}
    """

  /// go-redis/redis_rate's GCRA: one stored theoretical arrival time (TAT) per client.
  ///
  /// emission = period/limit; a request moves the TAT on by emission·cost; it is allowed
  /// when now ≥ new TAT − emission·burst, i.e. when the client is at most a burst ahead of
  /// the steady rate. The key expires when the TAT is reached: by then it says nothing.
  static let gcra = """
    local burst = tonumber(ARGV[5])
    local emission = period / limit
    local burst_offset = emission * burst
    local tat = tonumber(redis.call('GET', KEYS[1]) or '')
    if tat == nil or tat < now then tat = now end
    local new_tat = tat + emission * cost
    local diff = now - (new_tat - burst_offset)
    if diff < 0 then
      return {0, 0, seconds(math.ceil(-diff)), seconds(math.ceil(tat - now)), whole(now)}
    end
    local reset = math.ceil(new_tat - now)
    redis.call('SET', KEYS[1], string.format('%.17g', new_tat), 'PX', milliseconds(reset))
    return {1, math.floor(diff / emission), '-1', seconds(reset), whole(now)}
    """
}
