/// The time integral of a piecewise-constant quantity (servers busy, queue length,
/// vehicles on duty), integrated exactly over simulated time.
///
/// Call `record(_:at:)` whenever the quantity changes; the value in force since the last
/// change is integrated up to the new time. Observation starts at `start` (for example
/// the end of a warm-up: call `restart(at:)`).
public struct TimeWeightedStatistic: Sendable {
    @usableFromInline var _value: Double
    @usableFromInline var _lastChange: Double
    @usableFromInline var _start: Double
    @usableFromInline var _integral: Double = 0
    @usableFromInline var _maximum: Double

    /// The quantity's current value.
    @inlinable public var value: Double { _value }
    /// When the current value took effect (or when observation restarted, if later).
    @inlinable public var lastChange: Double { _lastChange }
    /// Start of the observation window.
    @inlinable public var start: Double { _start }
    /// Largest value seen since `start`.
    @inlinable public var maximum: Double { _maximum }

    @inlinable
    public init(initialValue: Double = 0, at time: Double = 0) {
        _value = initialValue
        _lastChange = time
        _start = time
        _maximum = initialValue
    }

    /// The quantity changes to `newValue` at `time` (not before the last change).
    @inlinable
    public mutating func record(_ newValue: Double, at time: Double) {
        precondition(time >= _lastChange, "time-weighted statistic updated at \(time), before its last change at \(_lastChange)")
        _integral += _value * (time - _lastChange)
        _lastChange = time
        _value = newValue
        if newValue > _maximum { _maximum = newValue }
    }

    /// Discards what was integrated so far and starts observing again at `time`.
    @inlinable
    public mutating func restart(at time: Double) {
        precondition(time >= _lastChange, "cannot restart observation at \(time), before the last change at \(_lastChange)")
        _integral = 0
        _lastChange = time
        _start = time
        _maximum = _value
    }

    /// Integral from `start` to `time` (not before the last change).
    @inlinable
    public func integral(upTo time: Double) -> Double {
        precondition(time >= _lastChange, "cannot integrate up to \(time), before the last change at \(_lastChange)")
        return _integral + _value * (time - _lastChange)
    }

    /// Time average from `start` to `time`; the current value when the window is empty.
    @inlinable
    public func mean(upTo time: Double) -> Double {
        let length = time - _start
        return length > 0 ? integral(upTo: time) / length : _value
    }
}
