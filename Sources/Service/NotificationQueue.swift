import Patterns

/// The notification queue's shared definition: the service, its in-process workers and
/// `redis-tutor-serve worker` processes must agree on it.
public enum NotificationQueue {
  /// The queue's configuration: `<prefix>queue:{notifications}:…` keys (`rt:svc:` by
  /// default), email payloads only, a 10 s lease, 3 attempts with jittered backoff from
  /// 50 ms up to 1 s.
  public static func configuration(
    keys: ServiceKeys = .standard, lease: Double = 10,
    backoff: BackoffPolicy = BackoffPolicy(base: 0.05, cap: 1, maxAttempts: 3)
  ) -> QueueConfiguration {
    QueueConfiguration(
      name: ServiceKeys.queueName, keyPrefix: keys.queuePrefix, lease: lease,
      backoff: backoff, validatePayload: EmailJob.validatePayload)
  }
}
