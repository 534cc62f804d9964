import StepwiseCore
import StepwiseDevices

/// The station's one time base: instants on CLOCK_MONOTONIC, expressed as `Instant`s that begin at
/// the wall time of the start (so stored skills, kept in wall time, compare with them) and then
/// advance only with the monotonic clock. A replay at `--speed 4` runs it four times faster, so the
/// machine sees the recorded tempo (a step that took 20 s in the trace is 20 s to the guidance
/// model) and its deadlines come four times sooner.
///
/// Wall time matters only to the log: `wallTime(of:drift:)` converts once, when a record is handed over,
/// so an NTP step moves the records' times but never a duration, a hesitation deadline or a level.
package struct StationClock: Sendable {
    /// Reads the two clocks; a test passes its own to step the wall clock.
    package struct Readings: Sendable {
        package var monotonic: @Sendable () -> MonotonicInstant
        package var wall: @Sendable () -> Instant

        package init(
            monotonic: @escaping @Sendable () -> MonotonicInstant, wall: @escaping @Sendable () -> Instant
        ) {
            self.monotonic = monotonic
            self.wall = wall
        }

        /// CLOCK_MONOTONIC and CLOCK_REALTIME.
        package static let system = Readings(monotonic: { MonotonicInstant.now() }, wall: { WallClock.now() })
    }

    let speed: Double
    private let readings: Readings
    /// Station time and monotonic time at the start; station time advances from there.
    private let origin: (station: Instant, monotonic: MonotonicInstant)

    package init(speed: Double = 1, readings: Readings = .system) {
        self.speed = max(0.01, speed)
        self.readings = readings
        origin = (readings.wall(), readings.monotonic())
    }

    /// Station time now.
    package func now() -> Instant { instant(at: readings.monotonic()) }

    /// The station instant of a monotonic stamp (a GPIO edge's kernel stamp goes straight in).
    package func instant(at stamp: MonotonicInstant) -> Instant {
        origin.station.adding(seconds: seconds(stamp.nanoseconds, origin.monotonic.nanoseconds) * speed)
    }

    /// When, on the monotonic clock, station time reaches `instant`.
    package func deadline(for instant: Instant) -> MonotonicInstant {
        let seconds = seconds(instant.nanoseconds, origin.station.nanoseconds) / speed
        guard seconds < 0 else { return origin.monotonic.adding(seconds: seconds) }
        return MonotonicInstant(nanoseconds: origin.monotonic.nanoseconds &- UInt64(-seconds * 1e9))
    }

    /// The wall time of a station instant, read now: the record keeps its distance from the
    /// present (in station time) and takes wall time's present. At speed 1 that is
    /// wall_now − (mono_now − mono_record); a sped-up replay keeps its recorded tempo in the log.
    /// `drift` is read once per event (`drift()`): the records of one event are converted with one
    /// reading, so they keep their order (two readings apart, the second could come out earlier).
    package func wallTime(of instant: Instant, drift: Int64) -> Instant {
        Instant(nanoseconds: instant.nanoseconds &+ UInt64(bitPattern: drift))
    }

    /// How far wall time has moved from station time since the start (NTP steps, slewing), in
    /// whole nanoseconds: a Double would round today's epoch nanoseconds to 256.
    package func drift() -> Int64 {
        let monotonic = readings.monotonic(), wall = readings.wall()
        let wallElapsed = Int64(bitPattern: wall.nanoseconds &- origin.station.nanoseconds)
        let monotonicElapsed = Int64(bitPattern: monotonic.nanoseconds &- origin.monotonic.nanoseconds)
        return wallElapsed &- monotonicElapsed
    }

    /// `a − b` in seconds, signed.
    private func seconds(_ a: UInt64, _ b: UInt64) -> Double {
        a >= b ? Double(a - b) / 1e9 : -Double(b - a) / 1e9
    }
}
