/// Analytic results of queueing theory that ambsim's tests and check scenarios use as
/// oracles.
public enum QueueingFormulas {
    /// Erlang C: probability that an arrival to M/M/c waits, with offered load
    /// `offeredLoad` = lambda/mu (erlangs) and `servers` = c. Requires load < c.
    /// Computed with the numerically stable Erlang B recursion
    /// B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)); C = c B / (c - a (1 - B)).
    public static func erlangC(offeredLoad a: Double, servers c: Int) -> Double {
        precondition(a > 0 && c >= 1 && a < Double(c), "Erlang C needs 0 < load < servers (got load \(a), servers \(c))")
        var b = 1.0
        for k in 1...c { b = a * b / (Double(k) + a * b) }
        return Double(c) * b / (Double(c) - a * (1 - b))
    }

    /// Erlang B: probability that an arrival to the M/M/c/c loss system (no waiting room)
    /// finds every server busy and is lost, by the recursion above. Any load > 0.
    public static func erlangB(offeredLoad a: Double, servers c: Int) -> Double {
        precondition(a > 0 && c >= 0, "Erlang B needs load > 0 and servers >= 0 (got load \(a), servers \(c))")
        var b = 1.0
        for k in stride(from: 1, through: c, by: 1) { b = a * b / (Double(k) + a * b) }
        return b
    }

    /// Mean wait in queue of M/M/c: C(c, a) / (c mu - lambda), in the unit of 1/mu.
    public static func mmcMeanWait(arrivalRate lambda: Double, serviceRate mu: Double, servers c: Int) -> Double {
        let a = lambda / mu
        return erlangC(offeredLoad: a, servers: c) / (Double(c) * mu - lambda)
    }

    /// Mean wait in queue of each class of a non-preemptive priority M/G/1 queue
    /// (Cobham 1954): W_k = W0 / ((1 - sigma_{k-1})(1 - sigma_k)), with
    /// W0 = sum_i lambda_i E[S_i^2] / 2 and sigma_k = sum_{i<=k} rho_i. Class 0 is the most
    /// urgent. `secondMoments[i]` is E[S_i^2] (2/mu^2 for exponential service).
    public static func cobhamMeanWaits(arrivalRates: [Double], meanServices: [Double], secondMoments: [Double]) -> [Double] {
        precondition(arrivalRates.count == meanServices.count && meanServices.count == secondMoments.count,
                     "one arrival rate, mean and second moment per class")
        let w0 = zip(arrivalRates, secondMoments).reduce(0) { $0 + $1.0 * $1.1 } / 2
        var sigma = 0.0
        var waits: [Double] = []
        for k in arrivalRates.indices {
            let before = sigma
            sigma += arrivalRates[k] * meanServices[k]
            precondition(sigma < 1, "Cobham's formula needs total utilisation < 1 (got \(sigma))")
            waits.append(w0 / ((1 - before) * (1 - sigma)))
        }
        return waits
    }

    /// Mean wait in queue of each class of a non-preemptive M/G/1 queue under delay-dependent
    /// priority (Kleinrock 1964): a waiting customer of class p has priority b_p times its
    /// wait so far, and the highest goes next. With classes sorted by weight, smallest first,
    ///   W_p = [W0/(1 - rho) - sum_{i<p} rho_i W_i (1 - b_i/b_p)] / [1 - sum_{i>p} rho_i (1 - b_p/b_i)],
    /// W0 = sum_i lambda_i E[S_i^2] / 2. Equal weights give FCFS's W0/(1 - rho) for every class;
    /// weights far apart give Cobham's strict priority. `weights` in any order; waits are
    /// returned in the order of the arguments.
    public static func kleinrockMeanWaits(arrivalRates: [Double], meanServices: [Double], secondMoments: [Double],
                                          weights: [Double]) -> [Double] {
        precondition(arrivalRates.count == meanServices.count && meanServices.count == secondMoments.count
                     && secondMoments.count == weights.count, "one arrival rate, mean, second moment and weight per class")
        let rho = zip(arrivalRates, meanServices).map { $0 * $1 }
        let total = rho.reduce(0, +)
        precondition(total < 1, "Kleinrock's formula needs total utilisation < 1 (got \(total))")
        let w0 = zip(arrivalRates, secondMoments).reduce(0) { $0 + $1.0 * $1.1 } / 2
        let order = weights.indices.sorted { weights[$0] < weights[$1] }
        var waits = Array(repeating: 0.0, count: weights.count)
        for (rank, p) in order.enumerated() {
            var numerator = w0 / (1 - total)
            for i in order[..<rank] { numerator -= rho[i] * waits[i] * (1 - weights[i] / weights[p]) }
            var denominator = 1.0
            for i in order[(rank + 1)...] { denominator -= rho[i] * (1 - weights[p] / weights[i]) }
            waits[p] = numerator / denominator
        }
        return waits
    }
}
