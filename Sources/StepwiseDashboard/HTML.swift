/// The page frame and the few HTML pieces pages share. Large type, high contrast, no scripts,
/// no external fonts (the workshop may be offline): everything is in one response.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A whole page. `session` nil: the login page (no navigation).
    static func page(title: String, session: Session?, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · Stepwise</title>
        <style>\(style)</style></head>
        <body>\(session.map(navigation) ?? "")<main><h1>\(escape(title))</h1>\(body)</main></body></html>
        """
    }

    static func navigation(_ session: Session) -> String {
        var links = [("/cells", "Cells now"), ("/sets", "Instruction sets"), ("/days", "Per day")]
        if session.account.role == .coach { links.insert(("/workers", "My workers"), at: 1) }
        if session.account.role == .manager { links += [("/audit", "Audit"), ("/sign-ins", "Sign-in locks")] }
        let items = links.map { "<a href=\"\($0.0)\">\(escape($0.1))</a>" }.joined()
        return """
            <nav>\(items)<span class="who">\(escape(session.account.name)) · \(session.account.role.rawValue)</span>\
            <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(escape(session.csrf))">\
            <button>Sign out</button></form></nav>
            """
    }

    /// A table with export links for CSV and JSON of exactly these rows.
    static func table(_ table: DataTable, exportBase: String) -> String {
        let head = table.columns.map { "<th>\(escape($0))</th>" }.joined()
        let rows = zip(table.rows, table.links).map { row, link in
            "<tr>"
                + row.enumerated().map { i, cell in
                    let content =
                        i == 0 && link != nil ? "<a href=\"\(escape(link!))\">\(escape(cell))</a>" : escape(cell)
                    // Short cells stay on one line (times, step ids); long text may wrap.
                    return cell.count > 24 ? "<td class=\"wrap\">\(content)</td>" : "<td>\(content)</td>"
                }.joined() + "</tr>"
        }.joined()
        let separator = exportBase.contains("?") ? "&amp;" : "?"
        let export = ["csv", "json"].map {
            "<a class=\"export\" href=\"\(escape(exportBase))\(separator)table=\(table.id)&amp;format=\($0)\">"
                + "\($0.uppercased())</a>"
        }.joined(separator: " ")
        let empty = table.rows.isEmpty ? "<p>Nothing recorded yet.</p>" : ""
        return """
            <section><h2>\(escape(table.title))</h2><p class="exports">Export: \(export)</p>\(empty)\
            <div class="scroll"><table><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table></div></section>
            """
    }

    static let style = """
        :root{font-family:"DejaVu Sans","Noto Sans",sans-serif;font-size:22px;color:#111;background:#fafafa}
        body{margin:0}main{padding:0 1.2rem 3rem;max-width:1400px}
        h1{font-size:2.2rem;margin:1rem 0}h2{font-size:1.6rem;margin:1.6rem 0 .4rem}
        nav{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;background:#1b2a3a;padding:.6rem 1rem}
        nav a{color:#fff;text-decoration:none;padding:.6rem 1rem;border-radius:.4rem;font-size:1.2rem;background:#2e4660}
        nav a:focus,nav a:hover{background:#4a6a8e}.who{color:#fff;margin-left:auto;margin-right:.6rem}
        nav form{margin:0}button,input,select{font-size:1.1rem;padding:.6rem 1rem;min-height:48px}input{width:100%;max-width:24rem;box-sizing:border-box}
        button{background:#1565c0;color:#fff;border:0;border-radius:.4rem;cursor:pointer}
        .scroll{overflow-x:auto}table{border-collapse:collapse;min-width:60%;background:#fff}
        th,td{border:1px solid #bbb;padding:.5rem .8rem;text-align:left;vertical-align:top}
        th{background:#e8edf2}td{white-space:nowrap}td.wrap{white-space:normal;min-width:10rem}td a{color:#0b4f9c;font-weight:bold}
        .exports{margin:.2rem 0 .6rem;font-size:1rem}.export{margin-right:.6rem}
        .chart{width:100%;max-width:900px;height:auto;background:#fff;border:1px solid #bbb}
        .note{background:#fff7d6;border-left:6px solid #c9a400;padding:.6rem 1rem;max-width:60rem}
        .error{background:#fde2e1;border-left:6px solid #b3261e;padding:.6rem 1rem;max-width:40rem}
        .fault{color:#b3261e;font-weight:bold}label{display:block;margin:.6rem 0 .2rem;font-weight:bold}
        fieldset{border:1px solid #bbb;margin:1rem 0;padding:1rem;max-width:40rem;background:#fff}
        .bar{display:inline-block;height:1rem;background:#c0392b;vertical-align:middle}
        """
}
