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
    /// Without `intercept`, the series are matched as they are (Abadie et al. 2010's form,
    /// whose counterfactual is `sum_j w_j x_j(t)`).
    public init(treated: [Double], donors: [[Double]], intercept: Bool = true) {
        precondition(!treated.isEmpty && !donors.isEmpty && donors.allSatisfy { $0.count == treated.count })
        let n = Double(treated.count)
        let yMean = intercept ? treated.reduce(0, +) / n : 0
        let means = donors.map { intercept ? $0.reduce(0, +) / n : 0 }
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
/// Lawson and Hanson's active-set method (Solving Least Squares Problems, 1974, ch. 23),
/// with the sum constraint kept exactly: each passive-set subproblem is least squares on the
/// affine set `sum w = 1`, solved by eliminating one weight (`w_l = 1 - sum of the others`)
/// and handing the rest to GSL's SVD-based `gsl_multifit_linear`, which drops singular
/// directions, so collinear donors do not break it. Optimality (Karush-Kuhn-Tucker on the
/// simplex): every passive donor's correlation with the residual, `a_j' r`, is the same
/// value `lambda`, and no other donor's exceeds it. The search starts from the best single
/// donor and adds, each time, the donor whose correlation most exceeds `lambda`.
public enum SimplexLeastSquares {
    /// `columns[j]` is column j of A (every column the length of `target`).
    public static func solve(columns a: [[Double]], target b: [Double]) -> [Double] {
        let cols = a.count, rows = b.count
        precondition(cols > 0 && a.allSatisfy { $0.count == rows })
        if cols == 1 { return [1] }
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        let scale = a.map { dot($0, $0) }.max()! + dot(b, b)
        let tolerance = 1e-11 * max(scale, 1e-300)

        // The best single donor.
        let start = (0..<cols).min { j, k in
            zip(a[j], b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } < zip(a[k], b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }!
        var x = [Double](repeating: 0, count: cols)
        x[start] = 1
        var passive = [Bool](repeating: false, count: cols)
        passive[start] = true
        var iterations = 0
        while iterations < 3 * cols + 30 {
            iterations += 1
            var residual = b
            for j in 0..<cols where x[j] != 0 { for r in 0..<rows { residual[r] -= a[j][r] * x[j] } }
            let g = a.map { dot($0, residual) }
            let set = (0..<cols).filter { passive[$0] }
            let lambda = set.reduce(0) { $0 + g[$1] } / Double(set.count)
            var best = -1
            for j in 0..<cols where !passive[j] && g[j] - lambda > tolerance && (best < 0 || g[j] > g[best]) { best = j }
            guard best >= 0, set.count <= rows else { break }
            passive[best] = true
            while true {
                let set = (0..<cols).filter { passive[$0] }
                let z = affineLeastSquares(a, b, set)
                var candidate = [Double](repeating: 0, count: cols)
                for (k, j) in set.enumerated() { candidate[j] = z[k] }
                if set.allSatisfy({ candidate[$0] > 0 }) { x = candidate; break }
                // Step from x towards the candidate until a weight reaches zero (both sum to one).
                var alpha = 1.0
                for j in set where candidate[j] <= 0 {
                    let d = x[j] - candidate[j]
                    if d > 0 { alpha = min(alpha, x[j] / d) }
                }
                for j in 0..<cols { x[j] += alpha * (candidate[j] - x[j]) }
                for j in set where x[j] <= 1e-15 { passive[j] = false; x[j] = 0 }
                if passive.filter({ $0 }).count <= 1 {
                    if let only = passive.firstIndex(of: true) { x = [Double](repeating: 0, count: cols); x[only] = 1 }
                    break
                }
            }
        }
        let clipped = x.map { max($0, 0) }
        let total = clipped.reduce(0, +)
        return clipped.map { $0 / total }
    }

    /// Least squares over the columns in `set` with their weights summing to one: the last
    /// weight eliminated, the rest unconstrained (GSL, SVD).
    static func affineLeastSquares(_ a: [[Double]], _ b: [Double], _ set: [Int]) -> [Double] {
        guard set.count > 1 else { return [1] }
        let rows = b.count, p = set.count - 1, last = a[set[p]]
        let matrix = gsl_matrix_alloc(rows, p)!, y = gsl_vector_alloc(rows)!, c = gsl_vector_alloc(p)!
        let cov = gsl_matrix_alloc(p, p)!, work = gsl_multifit_linear_alloc(rows, p)!
        defer { gsl_matrix_free(matrix); gsl_vector_free(y); gsl_vector_free(c); gsl_matrix_free(cov); gsl_multifit_linear_free(work) }
        for r in 0..<rows {
            gsl_vector_set(y, r, b[r] - last[r])
            for k in 0..<p { gsl_matrix_set(matrix, r, k, a[set[k]][r] - last[r]) }
        }
        var chisq = 0.0
        cgsl_disable_abort_on_error()
        guard gsl_multifit_linear(matrix, y, c, cov, &chisq, work) == GSL_SUCCESS else {
            return [Double](repeating: 1 / Double(set.count), count: set.count)
        }
        let z = (0..<p).map { gsl_vector_get(c, $0) }
        return z + [1 - z.reduce(0, +)]
    }
}
