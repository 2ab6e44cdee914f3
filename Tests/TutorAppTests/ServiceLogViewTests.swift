import Shell
import Testing
import TutorApp

@Suite struct ServiceLogViewTests {
  @Test func requestAndJobLinesBecomeColumns() {
    #expect(
      ServiceLogView.readable(
        #"{"time":"2026-11-29T21:20:01.123Z","method":"GET","path":"/items/7","status":200,"duration_ms":1.4,"cache":"hit"}"#
      ) == "21:20:01  GET /items/7 → 200  1.4 ms  cache=hit")
    #expect(
      ServiceLogView.readable(#"{"job":"j-12","attempt":1,"outcome":"done","duration_ms":12.5}"#)
        == "job j-12  12.5 ms  attempt=1  outcome=done")
    #expect(ServiceLogView.readable("not json") == "not json")
  }
}
