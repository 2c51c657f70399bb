import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Sliding windows")
struct WindowTests {
    let origin = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("A count window keeps the last N, oldest first")
    func byCount() throws {
        var window = try CountWindow<Int>(capacity: 3)
        #expect(window.isEmpty)
        for value in 1...10 { window.append(value, at: origin.addingTimeInterval(Double(value))) }
        #expect(window.values == [8, 9, 10] && window.count == 3 && window.isFull)
        #expect(window.items.first?.timestamp == origin.addingTimeInterval(8))
        window.removeAll()
        #expect(window.isEmpty)
        #expect(throws: MonitoringError.invalidParameter("capacity")) { try CountWindow<Int>(capacity: 0) }
    }

    @Test("A time window keeps (end − T, end], evicting as time moves on")
    func byTime() throws {
        var window = try TimeWindow<String>(duration: 60)
        window.append("a", at: origin)
        window.append("b", at: origin.addingTimeInterval(30))
        window.append("c", at: origin.addingTimeInterval(59))
        #expect(window.values == ["a", "b", "c"])
        window.append("d", at: origin.addingTimeInterval(60))
        // a is exactly 60 s old: out.
        #expect(window.values == ["b", "c", "d"])
        // At 100 s the window is (40, 100]: c (59) and d (60) stay.
        window.evict(asOf: origin.addingTimeInterval(100))
        #expect(window.values == ["c", "d"] && window.end == origin.addingTimeInterval(100))
        // An earlier time does not move the end back.
        window.evict(asOf: origin)
        #expect(window.values == ["c", "d"] && window.end == origin.addingTimeInterval(100))
        window.evict(asOf: origin.addingTimeInterval(500))
        #expect(window.isEmpty)
    }

    @Test("Late arrivals are placed by timestamp; ones older than the window are dropped")
    func lateArrivals() throws {
        var window = try TimeWindow<Int>(duration: 10)
        window.append(1, at: origin.addingTimeInterval(1))
        window.append(5, at: origin.addingTimeInterval(5))
        window.append(3, at: origin.addingTimeInterval(3))
        window.append(33, at: origin.addingTimeInterval(3))
        #expect(window.values == [1, 3, 33, 5])
        window.append(20, at: origin.addingTimeInterval(12))
        window.append(0, at: origin)
        #expect(window.values == [3, 33, 5, 20])
        #expect(throws: MonitoringError.invalidParameter("duration")) { try TimeWindow<Int>(duration: 0) }
    }

    @Test("A long stream through a time window keeps only the last T seconds")
    func longStream() throws {
        var window = try TimeWindow<Int>(duration: 100)
        for second in 0..<10_000 { window.append(second, at: origin.addingTimeInterval(Double(second))) }
        #expect(window.count == 100 && window.values.first == 9_900 && window.values.last == 9_999)
    }
}
