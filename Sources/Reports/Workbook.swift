import CXLSX
import Foundation

/// A result folder as an Excel workbook for a board pack (libxlsxwriter): a front sheet
/// with what produced it (scenario, seed, replications, command, warnings), then one sheet
/// per table the folder has (summary, standards, per hospital, per zone, per day, the
/// comparisons, backtest, target, sweep, tornado). Numbers are numbers, shown at a sensible
/// precision: minutes as minutes:seconds, shares as percentages, counts whole, hours to one
/// decimal; the unit is in each header. The CSV files stay the exact record.
public enum Workbook {
    /// The folder's tables, in sheet order: file name and sheet name (31 characters at most).
    public static let sheets: [(file: String, sheet: String)] = [
        ("summary.csv", "Summary"), ("standards.csv", "Standards"), ("comparison.csv", "Comparison"),
        ("hospitals.csv", "Hospitals"), ("zones.csv", "Zones"), ("daily.csv", "Daily"),
        ("comparison_hospitals.csv", "Comparison hospitals"), ("comparison_zones.csv", "Comparison zones"),
        ("comparison_daily.csv", "Comparison daily"), ("backtest.csv", "Backtest"), ("target.csv", "Target"),
        ("sweep.csv", "Sweep"), ("tornado.csv", "Tornado"), ("effects.csv", "Effects"),
    ]

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Writes the workbook of `folder` (an ambsim result folder) to `path`, with `front`
    /// (label, value: what produced it, read from its manifest) on the front sheet; returns
    /// the sheet names written.
    public static func write(folder: String, to path: String, front entries: [(String, String)]) throws(Failure) -> [String] {
        var tables: [(sheet: String, rows: [[String]])] = []
        for (file, sheet) in sheets {
            let p = folder + "/" + file
            guard FileManager.default.fileExists(atPath: p) else { continue }
            let text: String
            do { text = try ResultFolder.readFile(p) } catch { throw Failure(message: "\(p): \(error)") }
            do { tables.append((sheet, try CSVReader.records(text))) } catch { throw Failure(message: "\(p): \(error)") }
        }
        guard !tables.isEmpty else {
            throw Failure(message: "\(folder): has none of the result tables a workbook is made of (\(sheets.map(\.file).joined(separator: ", ")))")
        }
        guard let book = workbook_new(path) else { throw Failure(message: "\(path): cannot be created") }
        let formats = Formats(book)
        front(book, formats, entries: entries, folder: folder, sheets: tables.map(\.sheet))
        for (sheet, rows) in tables { table(book, formats, name: sheet, rows: rows) }
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw Failure(message: "\(path): the workbook could not be written (\(String(cString: lxw_strerror(status))))")
        }
        return ["Run"] + tables.map(\.sheet)
    }

    /// The cell formats, made once per workbook.
    struct Formats {
        let header, text, whole, decimal, oneDecimal, share, clock: UnsafeMutablePointer<lxw_format>
        init(_ book: UnsafeMutablePointer<lxw_workbook>) {
            func make(_ number: String?, bold: Bool = false) -> UnsafeMutablePointer<lxw_format> {
                let f = workbook_add_format(book)!
                if let number { format_set_num_format(f, number) }
                if bold { format_set_bold(f) }
                return f
            }
            header = make(nil, bold: true)
            text = make(nil)
            whole = make("#,##0")
            decimal = make("#,##0.00")
            oneDecimal = make("#,##0.0")
            share = make("0.0%")
            // Minutes as a fraction of a day, shown as elapsed minutes and seconds.
            clock = make("[m]:ss")
        }
    }

    /// The front sheet: what produced the numbers.
    static func front(_ book: UnsafeMutablePointer<lxw_workbook>, _ f: Formats, entries: [(String, String)], folder: String, sheets: [String]) {
        let ws = workbook_add_worksheet(book, "Run")!
        worksheet_set_column(ws, 0, 0, 24, nil)
        worksheet_set_column(ws, 1, 1, 100, nil)
        var row: lxw_row_t = 0
        func line(_ key: String, _ value: String) {
            worksheet_write_string(ws, row, 0, key, f.header)
            worksheet_write_string(ws, row, 1, value, f.text)
            row += 1
        }
        line("ambsim result", folder)
        for (key, value) in entries { line(key, value) }
        line("sheets", sheets.joined(separator: ", "))
        line("formats", "minutes as minutes:seconds, shares as percentages, counts whole, hours to one decimal; every digit is in the CSV files")
    }

    /// One table: the header in bold with units, each number formatted by its unit.
    static func table(_ book: UnsafeMutablePointer<lxw_workbook>, _ f: Formats, name: String, rows: [[String]]) {
        let ws = workbook_add_worksheet(book, name)!
        guard let header = rows.first else { return }
        let kpiColumn = header.firstIndex(of: "kpi")
        let unitColumn = header.firstIndex(of: "unit")
        for (c, title) in header.enumerated() {
            worksheet_write_string(ws, 0, lxw_col_t(c), title, f.header)
            worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), c == kpiColumn ? 34 : 14, nil)
        }
        worksheet_freeze_panes(ws, 1, 0)
        for (r, fields) in rows.dropFirst().enumerated() {
            // The row's unit: its unit column, or from its KPI's name.
            let unit = unitColumn.map { fields.indices.contains($0) ? fields[$0] : "" }
                ?? kpiColumn.map { fields.indices.contains($0) ? Number.unit(of: fields[$0]) : "" } ?? ""
            for (c, field) in fields.enumerated() {
                let row = lxw_row_t(r + 1), col = lxw_col_t(c)
                guard let x = Double(field), x.isFinite, !isLabel(header[safe: c]) else {
                    worksheet_write_string(ws, row, col, field, f.text)
                    continue
                }
                let statistic = isStatistic(header[safe: c])
                switch (statistic ? unit : "", header[safe: c] ?? "") {
                case ("minutes", _): worksheet_write_number(ws, row, col, x / 1440, f.clock)
                case ("share", _): worksheet_write_number(ws, row, col, x, f.share)
                case ("hours", _): worksheet_write_number(ws, row, col, x, f.oneDecimal)
                case ("count", _), ("records", _): worksheet_write_number(ws, row, col, x, x == x.rounded() ? f.whole : f.oneDecimal)
                default: worksheet_write_number(ws, row, col, x, x == x.rounded() ? f.whole : f.decimal)
                }
            }
        }
    }

    /// Columns that hold the KPI's value (mean, interval, centiles), formatted by its unit;
    /// the others (n, replications, hour, tolerance ...) are plain numbers.
    static func isStatistic(_ column: String?) -> Bool {
        guard let c = column else { return false }
        return ["mean", "sd", "min", "max", "observed", "model_mean", "a_mean", "b_mean", "diff_mean", "threshold"].contains(c)
            || c.hasPrefix("ci95_") || c.hasPrefix("model_ci95_") || c.hasPrefix("diff_ci95_") || c.hasPrefix("model_") || ["p05", "p50", "p95"].contains(c)
    }

    /// Columns of names and codes that look like numbers but are labels (a month, an hour).
    static func isLabel(_ column: String?) -> Bool {
        ["month", "date", "start", "aqi_code"].contains(column ?? "")
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
