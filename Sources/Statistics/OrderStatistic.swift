import CGSL

/// Order statistics of a sample without sorting it: GSL's `gsl_stats_select`
/// (quickselect, O(n) expected), for centiles of long samples inside a replication.
public enum OrderStatistic {
    /// The `k`-th smallest value of `data` (0-based). `data` is reordered in place; its
    /// values are unchanged. `data` must be non-empty, finite, and `k` in `0..<data.count`.
    public static func select(_ data: inout [Double], _ k: Int) -> Double {
        select(&data, k, from: 0)
    }

    /// The `k`-th smallest value of `data` (0-based) when `data[..<from]` holds the `from`
    /// smallest values already: the selection looks at `data[from...]` only. GSL's
    /// quickselect leaves the array partitioned about the value it finds (smaller before,
    /// larger after; tested), so a second, higher order statistic needs only the part above
    /// the first.
    public static func select(_ data: inout [Double], _ k: Int, from: Int) -> Double {
        precondition(gslAbortHandlerDisabled)
        precondition(k >= from && from >= 0 && k < data.count, "order statistic \(k) of \(data.count) values from \(from)")
        return data.withUnsafeMutableBufferPointer { gsl_stats_select($0.baseAddress! + from, 1, $0.count - from, k - from) }
    }
}
