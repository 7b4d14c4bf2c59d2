/// A table of counts with row, column and grand totals, small cells suppressed (1–10) and enough
/// further cells suppressed that no suppressed value follows from a total ("complementary
/// suppression": every row, column and the totals line has none or at least two suppressed
/// entries). Percentages of each row total are rounded by largest remainder so that the shown
/// percentages and the row's suppressed share add up to exactly 100.0.
public struct ReportTable: Sendable {
    /// The table's identifier in the report's JSON.
    public let id: String
    /// The title shown above the table.
    public let title: String
    /// The row labels, in order.
    public let rowLabels: [String]
    /// The column labels, in order.
    public let columnLabels: [String]
    /// `counts[r][c]`: the cells, before suppression.
    public let counts: [[Int]]
    /// Each row's total.
    public let rowTotals: [Int]
    /// Each column's total.
    public let columnTotals: [Int]
    /// The grand total.
    public let total: Int
    /// `suppressed[r][c]` for the cells; row `rows` is the column totals, column `columns` the row
    /// totals, and `[rows][columns]` the grand total.
    public let suppressed: [[Bool]]

    /// Whether a count is small enough to be suppressed (1 to 10; 0 is shown).
    public static func isSmall(_ count: Int) -> Bool { count >= 1 && count <= 10 }

    /// A table of `counts` (rows by columns), its totals and its suppression decided at once.
    public init(id: String, title: String, rowLabels: [String], columnLabels: [String], counts: [[Int]]) {
        self.id = id
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.counts = counts
        let rows = counts.count
        let columns = columnLabels.count
        rowTotals = counts.map { $0.reduce(0, +) }
        columnTotals = (0..<columns).map { column in counts.reduce(0) { $0 + $1[column] } }
        total = rowTotals.reduce(0, +)
        suppressed = Self.suppress(counts, rowTotals: rowTotals, columnTotals: columnTotals, total: total)
        _ = rows
    }

    /// The extended matrix's value at (row, column), totals included.
    static func value(
        _ counts: [[Int]],
        _ rowTotals: [Int],
        _ columnTotals: [Int],
        _ total: Int,
        _ r: Int,
        _ c: Int
    )
        -> Int
    {
        let rows = counts.count
        let columns = columnTotals.count
        if r == rows && c == columns { return total }
        if r == rows { return columnTotals[c] }
        if c == columns { return rowTotals[r] }
        return counts[r][c]
    }

    static func suppress(_ counts: [[Int]], rowTotals: [Int], columnTotals: [Int], total: Int) -> [[Bool]] {
        let rows = counts.count
        let columns = columnTotals.count
        var hidden = [[Bool]](repeating: [Bool](repeating: false, count: columns + 1), count: rows + 1)
        func value(_ r: Int, _ c: Int) -> Int { Self.value(counts, rowTotals, columnTotals, total, r, c) }
        // A small count is hidden, and so is a zero in a small row or column: beside a hidden 5, a shown
        // 0 says that all five got relief (or none did), which is what suppression keeps back.
        for r in 0...rows {
            for c in 0...columns {
                let count = value(r, c)
                let smallLine = isSmall(value(r, columns)) || isSmall(value(rows, c))
                if isSmall(count) || (count == 0 && smallLine) { hidden[r][c] = true }
            }
        }
        // Each line: the cells of a row (or column) of the extended matrix, whose sum relation
        // (cells = total) must not have exactly one unknown.
        var lines: [[(Int, Int)]] = []
        for r in 0...rows { lines.append((0...columns).map { (r, $0) }) }
        for c in 0...columns { lines.append((0...rows).map { ($0, c) }) }
        var changed = true
        while changed {
            changed = false
            for line in lines where line.count > 1 {
                let hiddenCount = line.filter { hidden[$0.0][$0.1] }.count
                guard hiddenCount == 1 else { continue }
                // Suppress the smallest visible entry, preferring inner cells with a count.
                let candidates = line.filter { !hidden[$0.0][$0.1] }
                    .sorted { a, b in
                        func rank(_ entry: (Int, Int)) -> (Int, Int, Int, Int, Int) {
                            let isTotal = entry.0 == rows || entry.1 == columns
                            let value = value(entry.0, entry.1)
                            return (isTotal ? 1 : 0, value == 0 ? 1 : 0, value, entry.0, entry.1)
                        }
                        return rank(a) < rank(b)
                    }
                if let pick = candidates.first {
                    hidden[pick.0][pick.1] = true
                    changed = true
                }
            }
        }
        return hidden
    }

    /// Whether cell (`row`, `column`) is suppressed; row `rows` and column `columns` are the totals
    /// (``suppressed``).
    public func isSuppressed(row: Int, column: Int) -> Bool { suppressed[row][column] }

    /// A count as shown: nil when suppressed. `row == rowLabels.count` is the totals row,
    /// `column == columnLabels.count` the totals column.
    public func shown(row: Int, column: Int) -> Int? {
        suppressed[row][column] ? nil : Self.value(counts, rowTotals, columnTotals, total, row, column)
    }

    /// Percentages (tenths) of a row's total for its shown cells, and the share of its suppressed
    /// cells, adding up to exactly 1000 tenths; nil when the row total is 0 or suppressed.
    public func percentages(row: Int) -> (cells: [Int?], suppressedShare: Int)? {
        let values = (0..<columnLabels.count).map { Self.value(counts, rowTotals, columnTotals, total, row, $0) }
        let rowTotal = values.reduce(0, +)
        guard rowTotal > 0, !suppressed[row][columnLabels.count] else { return nil }
        // Parts: each shown cell, and one part for all suppressed cells together.
        var parts: [Int] = []
        var isShown: [Bool] = []
        var hiddenSum = 0
        for (column, value) in values.enumerated() {
            if suppressed[row][column] {
                hiddenSum += value
            } else {
                parts.append(value)
                isShown.append(true)
            }
        }
        parts.append(hiddenSum)
        let tenths = Self.largestRemainder(parts, total: rowTotal, units: 1000)
        var cells: [Int?] = []
        var next = 0
        for column in 0..<columnLabels.count {
            if suppressed[row][column] {
                cells.append(nil)
            } else {
                cells.append(tenths[next])
                next += 1
            }
        }
        return (cells, tenths[tenths.count - 1])
    }

    /// Shares of `units` proportional to `parts`, rounded down, with the remainder given to the
    /// largest fractions (ties to the earlier part): they add up to exactly `units`.
    public static func largestRemainder(_ parts: [Int], total: Int, units: Int) -> [Int] {
        guard total > 0 else { return parts.map { _ in 0 } }
        var shares = parts.map { $0 * units / total }
        let remainders = parts.enumerated().map { ($0.offset, $0.element * units % total) }
        var left = units - shares.reduce(0, +)
        for (index, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where left > 0 {
            shares[index] += 1
            left -= 1
        }
        return shares
    }
}

/// Tallies that two workers' reports add up (``CountyReport/merge(_:)``).
