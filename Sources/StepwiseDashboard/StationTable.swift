import StepwiseCore
import StepwiseLog

/// The stations of a workshop as the central store knows them: no worker in it, so every role sees it.
enum StationTable {
    static func table(_ stations: [StationSummary]) -> DataTable {
        DataTable(
            id: "stations", title: "One row per station",
            columns: [
                "station", "cell", "sets in use", "last published version", "last contact (UTC)", "uplink lag",
                "records waiting",
            ],
            rows: stations.map { station in
                [
                    station.id, station.cell?.rawValue ?? "–", station.setsInUse.ifEmpty("–"),
                    station.lastInstall.ifEmpty("–"), station.lastContact.map(Format.time) ?? "never",
                    Format.seconds(station.lagSeconds), "\(station.pending)",
                ]
            })
    }
}
