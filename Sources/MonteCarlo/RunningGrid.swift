import Statistics

/// A grid of cells (rows x columns) folded one replication at a time, in replication
/// order, with Welford's running mean and variance: memory does not grow with the number
/// of replications, and the result is the same for any thread count. Non-finite values
/// (undefined in that replication) are skipped, so each cell has its own n. The hourly
/// series and the per-place tables are such grids.
public struct RunningGrid: Sendable, Equatable {
    public private(set) var rows = 0
    public let columns: Int
    var count: [Int] = []
    var mean: [Double] = []
    var m2: [Double] = []

    public init(columns: Int) { self.columns = columns }

    /// Folds in one replication's rows (more rows than before extend the grid).
    public mutating func add(_ values: [[Double]]) {
        extend(to: values.count)
        for (r, row) in values.enumerated() { add(row: r, row) }
    }

    /// Makes room for `n` rows.
    public mutating func extend(to n: Int) {
        guard n > rows else { return }
        let more = (n - rows) * columns
        count += Array(repeating: 0, count: more)
        mean += Array(repeating: 0, count: more)
        m2 += Array(repeating: 0, count: more)
        rows = n
    }

    /// Folds in row `r` of one replication (the grid has room for it).
    public mutating func add(row r: Int, _ values: [Double]) {
        precondition(r < rows && values.count <= columns, "row \(r) of \(values.count) values does not fit a \(rows) x \(columns) grid")
        let base = r * columns
        count.withUnsafeMutableBufferPointer { n in
            mean.withUnsafeMutableBufferPointer { mu in
                m2.withUnsafeMutableBufferPointer { s in
                    for (c, x) in values.enumerated() where x.isFinite {
                        let i = base + c
                        n[i] += 1
                        let delta = x - mu[i]
                        mu[i] += delta / Double(n[i])
                        s[i] += delta * (x - mu[i])
                    }
                }
            }
        }
    }

    /// The t critical values already computed, by sample size (every cell of a run has
    /// nearly the same n, so each is asked of GSL once).
    public struct CriticalValues {
        var byCount: [Int: Double] = [:]
        public init() {}
        public mutating func value(count n: Int) -> Double {
            if let t = byCount[n] { return t }
            let t = Summary.tCritical(degreesOfFreedom: Double(n - 1))
            byCount[n] = t
            return t
        }
    }

    /// Mean, sample sd, 95% confidence interval of the mean (t, n - 1 df) and n of a cell.
    public func statistics(row r: Int, column c: Int, critical: inout CriticalValues)
        -> (mean: Double, sd: Double, low: Double, high: Double, n: Int) {
        let i = r * columns + c
        let n = count[i]
        guard n > 0 else { return (.nan, .nan, .nan, .nan, 0) }
        guard n > 1 else { return (mean[i], 0, .nan, .nan, 1) }
        let sd = (m2[i] / Double(n - 1)).squareRoot()
        let half = critical.value(count: n) * sd / Double(n).squareRoot()
        return (mean[i], sd, mean[i] - half, mean[i] + half, n)
    }
}
