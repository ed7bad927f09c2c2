import CGSL

/// Order statistics of a sample without sorting it: GSL's `gsl_stats_select`
/// (quickselect, O(n) expected), for centiles of long samples inside a replication.
public enum OrderStatistic {
    /// The `k`-th smallest value of `data` (0-based). `data` is reordered in place; its
    /// values are unchanged. `data` must be non-empty, finite, and `k` in `0..<data.count`.
    public static func select(_ data: inout [Double], _ k: Int) -> Double {
        precondition(gslAbortHandlerDisabled)
        precondition(k >= 0 && k < data.count, "order statistic \(k) of \(data.count) values")
        return data.withUnsafeMutableBufferPointer { gsl_stats_select($0.baseAddress, 1, $0.count, k) }
    }
}
