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
          shell.say(
            "queue \(name): pending \(stats.pending), active \(stats.active), retry \(stats.retry), dead \(stats.dead), done \(stats.done), enqueued \(stats.enqueued)\n"
          )
          for line in try QueueDiagram.render(stats, of: queue, unicode: shell.settings.color) {
            shell.output.line(line)  // a drawing: cut by the terminal, never wrapped
          }
          shell.say("keys: \(queue.keys.base)* (try :peek \(queue.keys.pending))\n")
        case "dlq":
          let dead = try queue.deadJobs(limit: 20)
          if dead.isEmpty { shell.say("The dead-letter queue of \(name) is empty.\n") }
          for record in dead {
            shell.say(
              "\(record.id.rawValue)  attempts \(record.attempts)  \(record.lastError ?? "")\n")
          }
        case "requeue":
          if id?.lowercased() == "all" {
            let ids = try queue.requeueAllDead()
            shell.say("Re-queued \(ids.count) dead job(s) on \(name).\n")
          } else if let id {
            try queue.requeueDead(JobID(id))
            shell.say("Re-queued job \(id) on \(name).\n")
          }
        case "job":
          guard let id, let record = try queue.job(JobID(id)) else {
            shell.note("No job \(id ?? "") on \(name).")
            return
          }
          shell.say(
            "job \(record.id.rawValue) on \(name): \(record.state.map { "\($0)" } ?? "?")\n")
          shell.say("  attempts \(record.attempts), deliveries \(record.deliveries)\n")
          if let error = record.lastError { shell.say("  last error: \(error)\n") }
          if let worker = record.worker { shell.say("  worker: \(worker)\n") }
          shell.say("  payload: \(record.payloadText)\n")
          shell.say("  raw: :peek \(queue.keys.job(record.id))\n")
        default:
          shell.note("Usage: \(usage)")
        }
      } catch {
        shell.note("\(error)")
      }
    }
  }
}
