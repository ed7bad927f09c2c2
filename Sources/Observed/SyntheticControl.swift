import CGSL

/// A synthetic control (Abadie, Diamond and Hainmueller 2010) in its de-meaned form (Ferman
/// and Pinto 2021): the treated unit's pre-period series, less its pre-period mean, is
/// matched by a convex combination of the donors' series, each less its own pre-period mean.
/// The intercept that de-meaning stands for is the difference of the means, so the
/// counterfactual at any time is `treatedMean + sum_j w_j (x_j(t) - donorMean_j)`.
public struct SyntheticControlFit: Sendable {
    /// Non-negative donor weights summing to one, in donor order.
    public let weights: [Double]
    /// The treated unit's pre-period mean.
    public let treatedMean: Double
    /// Each donor's pre-period mean.
    public let donorMeans: [Double]
    /// Root mean squared prediction error over the pre-period (the fit).
    public let preRMSPE: Double

    /// Fits the weights on the pre-period values: `treated[t]` against `donors[j][t]`.
    public init(treated: [Double], donors: [[Double]]) {
        precondition(!treated.isEmpty && !donors.isEmpty && donors.allSatisfy { $0.count == treated.count })
        let n = Double(treated.count)
        let yMean = treated.reduce(0, +) / n
        let means = donors.map { $0.reduce(0, +) / n }
        let columns = donors.indices.map { j in donors[j].map { $0 - means[j] } }
        let target = treated.map { $0 - yMean }
        weights = SimplexLeastSquares.solve(columns: columns, target: target)
        treatedMean = yMean
        donorMeans = means
        var squares = 0.0
        for t in treated.indices {
            var fitted = 0.0
            for j in columns.indices { fitted += weights[j] * columns[j][t] }
            squares += (target[t] - fitted) * (target[t] - fitted)
        }
        preRMSPE = (squares / n).squareRoot()
    }

    /// The counterfactual for one time, from the donors' values at that time.
    public func counterfactual(_ donorValues: [Double]) -> Double {
        var x = treatedMean
        for j in weights.indices { x += weights[j] * (donorValues[j] - donorMeans[j]) }
        return x
    }
}

/// Least squares over the probability simplex: the `w` that minimises `|A w - b|` subject
/// to `w >= 0` and `sum w = 1`.
///
/// Lawson and Hanson's active-set NNLS (Solving Least Squares Problems, 1974, ch. 23) on the
/// system with the sum constraint appended as one heavily weighted row (`M 1'w = M`, the
/// standard treatment of an equality in NNLS, ch. 20: the constraint's error falls as
/// 1/M^2); each passive-set subproblem is an unconstrained least squares solved by GSL's
/// SVD-based `gsl_multifit_linear`, which drops singular directions, so collinear donors
/// do not break it. The weights are then clipped at zero and rescaled to sum to one exactly.
public enum SimplexLeastSquares {
    /// The weight of the constraint row relative to the data's largest column norm.
    static let constraintWeight = 1e4

    /// `columns[j]` is column j of A (every column the length of `target`).
    public static func solve(columns: [[Double]], target: [Double]) -> [Double] {
        let cols = columns.count
        precondition(cols > 0 && columns.allSatisfy { $0.count == target.count })
        if cols == 1 { return [1] }
        let rows = target.count + 1
        var norm = 0.0
        for c in columns { norm = max(norm, c.reduce(0) { $0 + $1 * $1 }.squareRoot()) }
        let m = constraintWeight * max(norm, target.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
        // Column-major augmented system.
        let a = columns.map { $0 + [m] }
        let b = target + [m]
        let tolerance = 1e-12 * m * m

        func gradient(_ x: [Double]) -> [Double] {
            var residual = b
            for j in 0..<cols where x[j] != 0 { for r in 0..<rows { residual[r] -= a[j][r] * x[j] } }
            return (0..<cols).map { j in (0..<rows).reduce(0) { $0 + a[j][$1] * residual[$1] } }
        }

        var x = [Double](repeating: 0, count: cols)
        var passive = [Bool](repeating: false, count: cols)
        var iterations = 0
        while iterations < 3 * cols + 30 {
            iterations += 1
            let w = gradient(x)
            var best = -1
            for j in 0..<cols where !passive[j] && w[j] > tolerance && (best < 0 || w[j] > w[best]) { best = j }
            let count = passive.filter { $0 }.count
            guard best >= 0, count < rows - 1 else { break }
            passive[best] = true
            while true {
                let set = (0..<cols).filter { passive[$0] }
                let z = leastSquares(a, b, set)
                var candidate = [Double](repeating: 0, count: cols)
                for (k, j) in set.enumerated() { candidate[j] = z[k] }
                if set.allSatisfy({ candidate[$0] > 0 }) { x = candidate; break }
                // Step from x towards the candidate until a weight reaches zero.
                var alpha = 1.0
                for j in set where candidate[j] <= 0 {
                    let d = x[j] - candidate[j]
                    if d > 0 { alpha = min(alpha, x[j] / d) }
                }
                for j in 0..<cols { x[j] += alpha * (candidate[j] - x[j]) }
                for j in set where x[j] <= 1e-15 { passive[j] = false; x[j] = 0 }
                if !passive.contains(true) { break }
            }
        }
        let clipped = x.map { max($0, 0) }
        let total = clipped.reduce(0, +)
        return total > 0 ? clipped.map { $0 / total } : [Double](repeating: 1 / Double(cols), count: cols)
    }

    /// Unconstrained least squares on the columns in `set` (GSL, SVD).
    static func leastSquares(_ a: [[Double]], _ b: [Double], _ set: [Int]) -> [Double] {
        let rows = b.count, p = set.count
        let matrix = gsl_matrix_alloc(rows, p)!, y = gsl_vector_alloc(rows)!, c = gsl_vector_alloc(p)!
        let cov = gsl_matrix_alloc(p, p)!, work = gsl_multifit_linear_alloc(rows, p)!
        defer { gsl_matrix_free(matrix); gsl_vector_free(y); gsl_vector_free(c); gsl_matrix_free(cov); gsl_multifit_linear_free(work) }
        for r in 0..<rows {
            gsl_vector_set(y, r, b[r])
            for (k, j) in set.enumerated() { gsl_matrix_set(matrix, r, k, a[j][r]) }
        }
        var chisq = 0.0
        cgsl_disable_abort_on_error()
        guard gsl_multifit_linear(matrix, y, c, cov, &chisq, work) == GSL_SUCCESS else { return [Double](repeating: 0, count: p) }
        return (0..<p).map { gsl_vector_get(c, $0) }
    }
}
