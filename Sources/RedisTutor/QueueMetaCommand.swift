import Demos
import Patterns
import RedisClient
import Shell

/// `:queue stats|dlq|requeue ID|all|job ID [NAME]`: poke a demo queue by hand.
enum QueueMetaCommand {
  static let usage = ":queue stats|dlq|requeue ID|all|job ID [QUEUE]"

  static var command: MetaCommand {
    MetaCommand(
      name: "queue", usage: usage,
      summary: "a demo queue's counts, its dead letters, re-queue, one job's record"
    ) { shell, words in
      guard let action = words.first?.lowercased() else {
        shell.note("Usage: \(usage) (the queue defaults to emails)")
        return
      }
      var rest = Array(words.dropFirst())
      let needsID = action == "requeue" || action == "job"
      let id = needsID ? rest.first : nil
      if needsID {
        guard id != nil else {
          shell.note("Usage: :queue \(action) ID [QUEUE]")
          return
        }
        rest.removeFirst()
      }
      let name = rest.first ?? "emails"
      guard let connection = try? shell.link.connect() else {
        shell.note("Not connected.")
        return
      }
      do {
        let queue = try ReliableQueue(
          connection: connection, configuration: QueueConfiguration(name: name))
        switch action {
        case "stats":
          let stats = try queue.stats()
          shell.output.line(
            "queue \(name): pending \(stats.pending), active \(stats.active), retry \(stats.retry), dead \(stats.dead), done \(stats.done), enqueued \(stats.enqueued)"
          )
          for line in try QueueDiagram.render(stats, of: queue, unicode: shell.settings.color) {
            shell.output.line(line)
          }
          shell.output.line("keys: \(queue.keys.base)* (try :peek \(queue.keys.pending))")
        case "dlq":
          let dead = try queue.deadJobs(limit: 20)
          if dead.isEmpty { shell.output.line("The dead-letter queue of \(name) is empty.") }
          for record in dead {
            shell.output.line(
              "\(record.id.rawValue)  attempts \(record.attempts)  \(record.lastError ?? "")")
          }
        case "requeue":
          if id?.lowercased() == "all" {
            let ids = try queue.requeueAllDead()
            shell.output.line("Re-queued \(ids.count) dead job(s) on \(name).")
          } else if let id {
            try queue.requeueDead(JobID(id))
            shell.output.line("Re-queued job \(id) on \(name).")
          }
        case "job":
          guard let id, let record = try queue.job(JobID(id)) else {
            shell.note("No job \(id ?? "") on \(name).")
            return
          }
          shell.output.line(
            "job \(record.id.rawValue) on \(name): \(record.state.map { "\($0)" } ?? "?")")
          shell.output.line("  attempts \(record.attempts), deliveries \(record.deliveries)")
          if let error = record.lastError { shell.output.line("  last error: \(error)") }
          if let worker = record.worker { shell.output.line("  worker: \(worker)") }
          shell.output.line("  payload: \(record.payloadText)")
          shell.output.line("  raw: :peek \(queue.keys.job(record.id))")
        default:
          shell.note("Usage: \(usage)")
        }
      } catch {
        shell.note("\(error)")
      }
    }
  }
}
