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
/// Lua has only doubles, so the scripts count in whole numbers: the rule's bounds
/// (`RateLimitRule.maximumLimit` and the others) keep every product of a count and the
/// period below 2^53, where a double is exact. Numbers sent to Redis go through `whole`:
/// Redis prints a bare Lua number with %.17g, which gives `1e+17` from there on.
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

  /// Reads the arguments and the time; helpers that format numbers and divide exactly.
  ///
  /// `tostring` would print 1.7e+15 for a time, so numbers are formatted explicitly.
  /// `a / b` of two whole numbers is rounded, and for a large quotient can round up to the
  /// next whole number; `floor_div` corrects that with an exact multiplication.
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
    local function milliseconds(micros) return whole(math.max(1, math.ceil(micros / 1000))) end
    local function floor_div(a, b)
      local q = math.floor(a / b)
      if q * b > a then q = q - 1 elseif (q + 1) * b <= a then q = q + 1 end
      return q
    end
    local function ceil_div(a, b) return -floor_div(-a, b) end

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
      count = redis.call('INCRBY', key, whole(cost))
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
      redis.call('INCRBY', current_key, whole(cost))
      redis.call('PEXPIRE', current_key, milliseconds(window_start + 2 * period - now))
      weighted = weighted + cost * period
      return {1, floor_div(limit * period - weighted, period), '-1',
        seconds(window_start + 2 * period - now), whole(now)}
    end
    local retry
    if current <= allowance then
      retry = period - floor_div((allowance - current) * period, previous) - elapsed
    else
      retry = period - elapsed + period - floor_div(allowance * period, current)
    end
    local reset = 0
    if current > 0 then
      reset = window_start + 2 * period - now
    elseif previous > 0 then
      reset = window_start + period - now
    end
    return {0, math.max(0, floor_div(limit * period - weighted, period)),
      seconds(math.max(1, retry)), seconds(reset), whole(now)}
    """

  /// Refill the bucket for the time since the last refill, then take `cost` tokens if there.
  ///
  /// One token arrives every period/limit microseconds, up to the burst. The bucket is kept
  /// as a whole number, its `level`, in units of 1/period token: a token is `period` units
  /// and every microsecond adds `limit` of them, so refills add up exactly however the
  /// period divides. The hash lives as long as the bucket takes to fill up again; after
  /// that a missing key means a full one.
  static let tokenBucket = """
    local capacity = tonumber(ARGV[5])
    local full = capacity * period
    local state = redis.call('HMGET', KEYS[1], 'level', 'refilled')
    local level = tonumber(state[1])
    local refilled = tonumber(state[2])
    if level == nil or refilled == nil then
      level = full
      refilled = now
    end
    if now > refilled then
      if now - refilled >= ceil_div(full - level, limit) then
        level = full
      else
        level = level + (now - refilled) * limit
      end
      refilled = now
    end
    local need = cost * period
    local allowed = 0
    if level >= need then
      level = level - need
      allowed = 1
    end
    local reset = ceil_div(full - level, limit)
    redis.call('HSET', KEYS[1], 'level', whole(level), 'refilled', whole(refilled))
    redis.call('PEXPIRE', KEYS[1], milliseconds(reset))
    local retry = '-1'
    if allowed == 0 then retry = seconds(ceil_div(need - level, limit)) end
    return {allowed, floor_div(level, period), retry, seconds(reset), whole(now)}
    """

  /// go-redis/redis_rate's GCRA: one stored theoretical arrival time (TAT) per client.
  ///
  /// emission = period/limit; a request moves the TAT on by emission·cost; it is allowed
  /// when now ≥ new TAT − emission·burst, i.e. when the client is at most a burst ahead of
  /// the steady rate. The key expires when the TAT is reached: by then it says nothing.
  ///
  /// The TAT is stored as `micros:fraction`, whole microseconds and then 1/limit
  /// microseconds, and the script works with how far it is ahead of now in 1/limit
  /// microseconds: whole numbers in which an emission is exactly `period`. A TAT as a
  /// double of absolute microseconds resolves only 0.25 µs, and a fresh key then reported
  /// one request less than remained.
  static let gcra = """
    local burst = tonumber(ARGV[5])
    local ahead = 0
    local stored = redis.call('GET', KEYS[1])
    if stored then
      local micros, fraction = string.match(stored, '^(%d+):(%d+)$')
      if micros then
        ahead = math.max(0, (tonumber(micros) - now) * limit + tonumber(fraction))
      end
    end
    local new_ahead = ahead + cost * period
    local room = burst * period - new_ahead
    if room < 0 then
      return {0, 0, seconds(ceil_div(-room, limit)), seconds(ceil_div(ahead, limit)), whole(now)}
    end
    local reset = ceil_div(new_ahead, limit)
    local micros = floor_div(new_ahead, limit)
    redis.call('SET', KEYS[1], whole(now + micros) .. ':' .. whole(new_ahead - micros * limit),
      'PX', milliseconds(reset))
    return {1, floor_div(room, period), '-1', seconds(reset), whole(now)}
    """
}
