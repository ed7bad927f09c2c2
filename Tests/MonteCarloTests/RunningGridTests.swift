import MonteCarlo
import Statistics
import Testing

@Suite("Running grid")
struct RunningGridTests {
    @Test("each cell's running mean, sd, t interval and n equal the Summary of its defined values; rows may grow")
    func cellsMatchSummaries() {
        var grid = RunningGrid(columns: 2)
        let replications: [[[Double]]] = [[[1, .nan]], [[2, 5], [7, 1]], [[4, 6], [9, .nan]], [[8, 7], [2, 3]]]
        for r in replications { grid.add(r) }
        #expect(grid.rows == 2)
        var critical = RunningGrid.CriticalValues()
        for (row, column) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            let values = replications.compactMap { $0.count > row ? $0[row][column] : nil }.filter(\.isFinite)
            let s = Summary(values)!
            let g = grid.statistics(row: row, column: column, critical: &critical)
            let (lo, hi) = s.confidenceInterval()
            #expect(g.n == s.count && abs(g.mean - s.mean) < 1e-12 && abs(g.sd - s.standardDeviation) < 1e-12, "\(row),\(column)")
            #expect(abs(g.low - lo) < 1e-9 && abs(g.high - hi) < 1e-9)
        }
    }
}
