import StepwiseCore

extension Report {
    /// The report for a terminal: a period line, then a workers table and a steps table with
    /// aligned columns, then each worker's current levels and recent level changes.
    public func formattedText() -> String {
        var lines = ["Quality report, \(periodText)", "", "Workers (by pseudonym)"]
        lines += Self.table(
            header: ["worker", "cycles", "steps", "median cycle", "wrong", "hesitations", "help"], textColumns: [0],
            rows: perWorker.map {
                [
                    $0.worker.rawValue, "\($0.cycles)", "\($0.stepsDone)", Self.seconds($0.medianCycleSeconds),
                    "\($0.wrongActions)", "\($0.hesitations)", "\($0.helpRequests)",
                ]
            })
        lines += ["", "Steps"]
        lines += Self.table(
            header: ["set", "step", "runs", "median", "wrong", "hesitations", "help", "by hand", "levels"],
            textColumns: [0, 1, 8],
            rows: perStep.map {
                [
                    $0.instructionSet.rawValue, $0.step.rawValue, "\($0.runs)", Self.seconds($0.medianSeconds),
                    "\($0.wrongActions)", "\($0.hesitations)", "\($0.helpRequests)", "\($0.confirmedByHand)",
                    Self.levelsText($0.levels),
                ]
            })
        for worker in perWorker where !worker.currentLevels.isEmpty || !worker.levelChanges.isEmpty {
            lines += ["", "Guidance of \(worker.worker)"]
            lines += worker.currentLevels.map { "  \($0.instructionSet) \($0.step): \($0.level)" }
            lines += worker.levelChanges.map {
                "  \(RecordFormat.isoTime($0.at)) \($0.step?.rawValue ?? "-"): \($0.from ?? "-") → \($0.to)"
                    + ($0.reason.map { " (\($0))" } ?? "")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var periodText: String {
        "\(period.from.map(RecordFormat.isoTime) ?? "beginning") to \(period.to.map(RecordFormat.isoTime) ?? "now")"
    }

    private static func seconds(_ value: Double?) -> String {
        value.map(RecordFormat.formatSeconds) ?? "-"
    }

    /// "full 3, hint 1": most help first, unused levels left out.
    static func levelsText(_ levels: [String: Int]) -> String {
        let parts = GuidanceLevel.allCases.reversed().compactMap { level in
            levels[level.name].map { "\(level.name) \($0)" }
        }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    /// Text columns left-aligned, numbers right-aligned; two spaces between columns.
    static func table(header: [String], textColumns: Set<Int>, rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column -> String in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return textColumns.contains(column) ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
