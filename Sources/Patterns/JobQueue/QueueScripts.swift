/// The Lua scripts of the reliable queue: every move between a queue's keys is one script.
///
/// Redis runs a script without interleaving other clients' commands, so "take the job and
/// record its lease" or "check the lease is still mine, then acknowledge" cannot be split by
/// a crash or by another worker. Every script takes "now" as ARGV[1]: empty means read
/// Redis's `TIME` inside the script (the default), a number is the caller's clock in ms
/// (tests with a manual clock; see `QueueTime`). ARGV[2] is the job-hash key prefix: job
/// hashes are reached by building their key from the id, which the `{queue}` hash tag keeps
/// in the same cluster slot as the declared KEYS.
///
/// Each job hash carries `delivery`, a counter bumped on every claim: acknowledgements,
/// failures and releases name the delivery they belong to, so a worker whose lease expired
/// (and whose job went to another worker) can no longer change the job — a fencing token.
enum QueueScripts {
  /// Shared by every script: the current time in ms, and integers printed without exponents.
  static let prelude = """
    local function now_ms()
      if ARGV[1] ~= '' then return tonumber(ARGV[1]) end
      local t = redis.call('TIME')
      return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    end
    local function int(x) return string.format('%d', x) end

    """

  /// The Lua function both enqueue scripts use: create the job hash, push the id, return it.
  ///
  /// KEYS[1] pending, KEYS[2] seq; ARGV[2] job prefix, ARGV[3] payload.
  private static let createJob = """
    local function create_job()
      local now = int(now_ms())
      local id = tostring(redis.call('INCR', KEYS[2]))
      redis.call('HSET', ARGV[2] .. id, 'payload', ARGV[3], 'state', 'pending',
        'attempts', '0', 'delivery', '0', 'enqueuedAt', now, 'readyAt', now)
      redis.call('LPUSH', KEYS[1], id)
      return id
    end

    """

  /// Creates the job hash and pushes the id in one step; returns the new id.
  ///
  /// KEYS: pending, seq. ARGV: now, job prefix, payload.
  static let enqueue = QueueScript(
    name: "enqueue",
    body: createJob + """
      return create_job()
      """)

  /// Enqueues a job unless its unique key is already claimed; returns {id, 1 if a duplicate,
  /// the job's state or false}.
  ///
  /// The claim and the job are made in the same script: two producers racing with one key
  /// cannot both see it free (Redis runs one script at a time), and no crash can leave a
  /// claim that names no job, as a client-side `SET NX` followed by an enqueue could.
  /// KEYS: pending, seq, unique. ARGV: now, job prefix, payload, the claim's TTL in ms.
  static let enqueueUnique = QueueScript(
    name: "enqueue-unique",
    body: createJob + """
      local first = redis.call('GET', KEYS[3])
      if first then
        return {first, 1, redis.call('HGET', ARGV[2] .. first, 'state')}
      end
      local id = create_job()
      redis.call('SET', KEYS[3], id, 'PX', ARGV[4])
      return {id, 0, 'pending'}
      """)

  /// Takes up to `count` jobs from pending into active and leases them until now + lease.
  ///
  /// KEYS: pending, active, leases. ARGV: now, job prefix, lease ms, worker, count, and the
  /// id a BLMOVE already moved into active ('' for none). Returns one array per job: id,
  /// payload, attempts, delivery, enqueuedAt, readyAt, startedAt, leaseExpiresAt.
  static let claim = QueueScript(
    name: "claim",
    body: """
      local now = now_ms()
      local nowText = int(now)
      local expires = int(now + tonumber(ARGV[3]))
      local claimed = {}
      local function claim(id)
        local key = ARGV[2] .. id
        local f = redis.call('HMGET', key, 'payload', 'enqueuedAt', 'readyAt')
        if not f[1] then
          -- The job hash was deleted by hand: nothing to run.
          redis.call('LREM', KEYS[2], 1, id)
          return
        end
        local attempts = redis.call('HINCRBY', key, 'attempts', 1)
        local delivery = redis.call('HINCRBY', key, 'delivery', 1)
        redis.call('HSET', key, 'state', 'active', 'worker', ARGV[4], 'startedAt', nowText,
          'leaseExpiresAt', expires)
        redis.call('ZADD', KEYS[3], expires, id)
        claimed[#claimed + 1] = {id, f[1], tostring(attempts), tostring(delivery),
          f[2] or nowText, f[3] or f[2] or nowText, nowText, expires}
      end
      local moved = ARGV[6]
      if moved ~= '' and redis.call('LPOS', KEYS[2], moved)
        and not redis.call('ZSCORE', KEYS[3], moved) then
        claim(moved)
      end
      local want = tonumber(ARGV[5])
      while #claimed < want do
        local id = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
        if not id then break end
        claim(id)
      end
      return claimed
      """)

  /// Acknowledges a delivery: removes the job from active and leases and counts it done.
  ///
  /// KEYS: active, leases, done. ARGV: now, job prefix, id, delivery, retention ms (-1 keeps
  /// the hash, 0 deletes it). Returns 1, or 0 when the delivery no longer holds the job.
  static let ack = QueueScript(
    name: "ack",
    body: """
      local id = ARGV[3]
      local key = ARGV[2] .. id
      local f = redis.call('HMGET', key, 'state', 'delivery')
      if f[2] ~= ARGV[4] then return 0 end
      if f[1] == 'done' then return 1 end
      if f[1] ~= 'active' then return 0 end
      redis.call('LREM', KEYS[1], 1, id)
      redis.call('ZREM', KEYS[2], id)
      redis.call('INCR', KEYS[3])
      local retention = tonumber(ARGV[5])
      if retention == 0 then
        redis.call('DEL', key)
        return 1
      end
      redis.call('HSET', key, 'state', 'done', 'finishedAt', int(now_ms()))
      redis.call('HDEL', key, 'leaseExpiresAt')
      if retention > 0 then redis.call('PEXPIRE', key, retention) end
      return 1
      """)

  /// Records a failed delivery: a retry at now + delay, or the dead-letter set when the job
  /// has used its attempts.
  ///
  /// KEYS: active, leases, retry, dead. ARGV: now, job prefix, id, delivery, error, delay ms,
  /// max attempts. Returns {outcome, time ms}: 'retry' and the run-at time, 'dead' and the
  /// time of death, or 'lost' when the delivery no longer holds the job.
  static let fail = QueueScript(
    name: "fail",
    body: """
      local id = ARGV[3]
      local key = ARGV[2] .. id
      local f = redis.call('HMGET', key, 'state', 'delivery', 'attempts', 'runAt', 'finishedAt')
      if f[2] ~= ARGV[4] then return {'lost', '0'} end
      if f[1] == 'retry' then return {'retry', f[4] or '0'} end
      if f[1] == 'dead' then return {'dead', f[5] or '0'} end
      if f[1] ~= 'active' then return {'lost', '0'} end
      local now = now_ms()
      local nowText = int(now)
      redis.call('LREM', KEYS[1], 1, id)
      redis.call('ZREM', KEYS[2], id)
      redis.call('HSET', key, 'lastError', ARGV[5], 'failedAt', nowText)
      redis.call('HDEL', key, 'leaseExpiresAt')
      if tonumber(f[3]) >= tonumber(ARGV[7]) then
        redis.call('HSET', key, 'state', 'dead', 'finishedAt', nowText)
        redis.call('ZADD', KEYS[4], nowText, id)
        return {'dead', nowText}
      end
      local runAt = int(now + tonumber(ARGV[6]))
      redis.call('HSET', key, 'state', 'retry', 'runAt', runAt)
      redis.call('ZADD', KEYS[3], runAt, id)
      return {'retry', runAt}
      """)

  /// Hands a job back unprocessed (graceful shutdown): to the front of pending, its attempt
  /// not counted.
  ///
  /// KEYS: pending, active, leases. ARGV: now, job prefix, id, delivery. Returns 1 or 0.
  static let release = QueueScript(
    name: "release",
    body: """
      local id = ARGV[3]
      local key = ARGV[2] .. id
      local f = redis.call('HMGET', key, 'state', 'delivery')
      if f[1] ~= 'active' or f[2] ~= ARGV[4] then return 0 end
      redis.call('LREM', KEYS[2], 1, id)
      redis.call('ZREM', KEYS[3], id)
      redis.call('HINCRBY', key, 'attempts', -1)
      redis.call('HSET', key, 'state', 'pending', 'readyAt', int(now_ms()))
      redis.call('HDEL', key, 'leaseExpiresAt')
      redis.call('RPUSH', KEYS[1], id)
      return 1
      """)

  /// Re-queues jobs whose lease expired (their worker crashed or hung), or buries those out
  /// of attempts; also re-queues ids left in active without a lease.
  ///
  /// KEYS: pending, active, leases, dead. ARGV: now, job prefix, max attempts, limit.
  /// Returns one array per job: id, worker, outcome ('requeued', 'dead' or 'orphan'),
  /// attempts. Re-queued jobs go to the front of pending: they have waited long enough.
  ///
  /// An orphan is an id a blocking dequeue moved with BLMOVE whose worker died before its
  /// claim script ran. Should the worker still be alive, its claim finds the id gone and
  /// simply takes nothing: both sides are atomic, so the job is never run twice this way.
  static let reap = QueueScript(
    name: "reap",
    body: """
      local now = now_ms()
      local nowText = int(now)
      local out = {}
      local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', nowText, 'LIMIT', 0,
        tonumber(ARGV[4]))
      for _, id in ipairs(expired) do
        local key = ARGV[2] .. id
        redis.call('ZREM', KEYS[3], id)
        redis.call('LREM', KEYS[2], 1, id)
        local f = redis.call('HMGET', key, 'worker', 'attempts')
        local worker = f[1] or ''
        local attempts = f[2] or '0'
        local message = 'lease expired: worker ' .. worker .. ' stopped or hung'
        redis.call('HDEL', key, 'leaseExpiresAt')
        if tonumber(attempts) >= tonumber(ARGV[3]) then
          redis.call('HSET', key, 'state', 'dead', 'lastError', message, 'finishedAt', nowText)
          redis.call('ZADD', KEYS[4], nowText, id)
          out[#out + 1] = {id, worker, 'dead', attempts}
        else
          redis.call('HSET', key, 'state', 'pending', 'lastError', message, 'readyAt', nowText)
          redis.call('RPUSH', KEYS[1], id)
          out[#out + 1] = {id, worker, 'requeued', attempts}
        end
      end
      for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
        if not redis.call('ZSCORE', KEYS[3], id) then
          local key = ARGV[2] .. id
          redis.call('LREM', KEYS[2], 1, id)
          if redis.call('EXISTS', key) == 1 then
            redis.call('HSET', key, 'state', 'pending', 'readyAt', nowText)
            redis.call('RPUSH', KEYS[1], id)
            out[#out + 1] = {id, '', 'orphan', redis.call('HGET', key, 'attempts') or '0'}
          end
        end
      end
      return out
      """)

  /// Moves retries whose time has come back to pending; returns their ids.
  ///
  /// KEYS: retry, pending. ARGV: now, job prefix, limit. A promoted job's `readyAt` is its
  /// run-at time, so its queue wait counts from when it was due.
  static let promote = QueueScript(
    name: "promote",
    body: """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', int(now_ms()), 'WITHSCORES',
        'LIMIT', 0, tonumber(ARGV[3]))
      local ids = {}
      for i = 1, #due, 2 do
        local id = due[i]
        local key = ARGV[2] .. id
        redis.call('ZREM', KEYS[1], id)
        redis.call('HSET', key, 'state', 'pending', 'readyAt', due[i + 1])
        redis.call('HDEL', key, 'runAt')
        redis.call('LPUSH', KEYS[2], id)
        ids[#ids + 1] = id
      end
      return ids
      """)

  /// Moves one dead job, or up to `limit` of them, back to pending with fresh attempts.
  ///
  /// KEYS: dead, pending. ARGV: now, job prefix, id ('' for all), limit. Returns the ids.
  /// The last error stays in the hash, so the history of the job is not lost.
  static let requeueDead = QueueScript(
    name: "requeue-dead",
    body: """
      local ids
      if ARGV[3] ~= '' then
        if not redis.call('ZSCORE', KEYS[1], ARGV[3]) then return {} end
        ids = {ARGV[3]}
      else
        ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1)
      end
      local nowText = int(now_ms())
      for _, id in ipairs(ids) do
        local key = ARGV[2] .. id
        redis.call('ZREM', KEYS[1], id)
        redis.call('HSET', key, 'state', 'pending', 'attempts', '0', 'readyAt', nowText)
        redis.call('HDEL', key, 'finishedAt', 'runAt')
        redis.call('HINCRBY', key, 'requeues', 1)
        redis.call('LPUSH', KEYS[2], id)
      end
      return ids
      """)

  /// Marks workers alive until now + ttl and forgets those that left or whose heartbeat
  /// ran out; returns how many are alive.
  ///
  /// KEYS: workers. ARGV: now, job prefix (unused), ttl in ms, the number of live names,
  /// the live names, then the names of workers that stopped. The set itself expires with
  /// its longest heartbeat, so a queue whose workers were all killed leaves nothing behind.
  static let heartbeat = QueueScript(
    name: "heartbeat",
    body: """
      local now = now_ms()
      local ttl = tonumber(ARGV[3])
      local live = tonumber(ARGV[4])
      for i = 5, 4 + live do redis.call('ZADD', KEYS[1], int(now + ttl), ARGV[i]) end
      for i = 5 + live, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. int(now))
      if live > 0 and redis.call('PTTL', KEYS[1]) < ttl then
        redis.call('PEXPIRE', KEYS[1], ttl)
      end
      return redis.call('ZCARD', KEYS[1])
      """)

  /// Counts the workers whose heartbeat has not run out.
  ///
  /// KEYS: workers. ARGV: now.
  static let liveWorkers = QueueScript(
    name: "live-workers",
    body: """
      return redis.call('ZCOUNT', KEYS[1], int(now_ms()), '+inf')
      """)

  /// Every script, for loading them ahead of time.
  static let all = [
    enqueue, enqueueUnique, claim, ack, fail, release, reap, promote, requeueDead, heartbeat,
    liveWorkers,
  ]
}

/// One Lua script of the queue: its source and, once loaded, its SHA1.
struct QueueScript: Sendable {
  /// A short name for error messages.
  let name: String
  /// The whole source, prelude included.
  let source: String

  init(name: String, body: String) {
    self.name = name
    self.source = QueueScripts.prelude + body
  }
}
