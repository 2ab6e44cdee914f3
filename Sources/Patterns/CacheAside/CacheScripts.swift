/// The Lua scripts the cache runs with EVAL, each a check and an action done atomically.
///
/// Redis runs a script without interleaving other clients' commands, so "is it still mine?"
/// and "then change it" cannot be separated by another client's write.
enum CacheScripts {
  /// Deletes KEYS[1] only if it still holds ARGV[1] (the caller's token); returns 1 or 0.
  ///
  /// A bare DEL could free someone else's lock: if the holder's lock expired while it was
  /// slow and a second client took the lock, the first client's DEL would remove the second
  /// client's lock and let a third client in.
  static let compareAndDelete = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      return redis.call('DEL', KEYS[1])
    end
    return 0
    """

  /// Fills the cache only if the reader still holds its lease; returns 1 if it wrote.
  ///
  /// KEYS: value key, lease key, optional stale-copy key. ARGV: lease token, value, TTL in
  /// ms, optional stale-copy TTL in ms. A writer's `update` deletes the lease with the value,
  /// so a reader that loaded before the write finds its lease gone and writes nothing.
  static let fillIfLeaseHeld = """
    if redis.call('GET', KEYS[2]) ~= ARGV[1] then
      return 0
    end
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
    redis.call('DEL', KEYS[2])
    if KEYS[3] then
      redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[4])
    end
    return 1
    """

  /// Marks a write-back entry clean if the cache still holds the value that was flushed.
  ///
  /// KEYS: value key, dirty set. ARGV: flushed value, item id, TTL in ms. A write that lands
  /// after the flush read the value leaves it dirty for the next flush; a plain SREM would
  /// drop that newer write without it ever reaching the store. Once clean, the value gets
  /// a TTL like any cached value.
  static let markCleanIfUnchanged = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      redis.call('SREM', KEYS[2], ARGV[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
    end
    return 0
    """
}
