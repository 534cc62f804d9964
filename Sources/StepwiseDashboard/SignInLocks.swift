import Foundation
import StepwiseCore
import StepwiseLog

/// The manager's view of wrong passwords in the last hour: which accounts are being tried and
/// from how many addresses, so a coach who cannot sign in gets an answer ("your name is under
/// attack from 12 addresses; you still have 2 tries from your own PC"). The table keeps only
/// keyed hashes, so accounts are found by hashing their names; names without an account and
/// addresses are only counted, never shown.
struct SignInLocks {
    struct Line: Equatable {
        var account: String
        var failures: Int
        var addresses: Int
        var underAttack: Bool
        var last: Instant
    }

    var accounts: [Line]
    var unknownNameFailures: Int
    var unknownNames: Int
    var waitingAddresses: Int

    static func build(_ store: DashboardStore, now: Instant, throttle: LoginThrottle = .standard) throws -> SignInLocks
    {
        let rows = try store.signInFailureRows().filter { now.seconds(since: $0.last) < throttle.forgetAfterSeconds }
        let names = Dictionary(
            try store.accounts().map { (store.signInMac("name", AccountName.normalised($0.name)), $0.name) },
            uniquingKeysWith: { first, _ in first })
        let totals = rows.filter { $0.addressMac.isEmpty }
        let lines = totals.compactMap { total -> Line? in
            guard let account = names[total.nameMac] else { return nil }
            let addresses = rows.filter { $0.nameMac == total.nameMac && !$0.addressMac.isEmpty }.count
            return Line(
                account: account, failures: total.failures, addresses: addresses,
                underAttack: total.failures >= throttle.underAttackAfter, last: total.last)
        }
        let unknown = totals.filter { names[$0.nameMac] == nil }
        let waiting = rows.filter {
            $0.nameMac.isEmpty
                && throttle.wait(SignInFailures(address: .init(failures: $0.failures, last: $0.last)), now: now) != nil
        }
        return SignInLocks(
            accounts: lines.sorted { ($0.failures, $0.account) > ($1.failures, $1.account) },
            unknownNameFailures: unknown.map(\.failures).reduce(0, +), unknownNames: unknown.count,
            waitingAddresses: waiting.count)
    }

    func page() -> Page {
        let table = DataTable(
            id: "signins", title: "Accounts with wrong passwords in the last hour",
            columns: ["account", "wrong passwords", "from addresses", "under attack", "last"],
            rows: accounts.map {
                [
                    $0.account, "\($0.failures)", "\($0.addresses)", $0.underAttack ? "yes" : "no",
                    RecordFormat.isoTime($0.last),
                ]
            })
        let note = """
            <p class="note">A name under attack (20 or more wrong passwords from all addresses in an hour) \
            gives every address 2 free tries for it instead of 5; an address that got it wrong itself waits \
            30 s, doubling up to 15 minutes. Nobody is locked out by others' guesses. \
            Names without an account: \(unknownNameFailures) wrong passwords for \(unknownNames) names. \
            Addresses waiting after too many wrong passwords for any name: \(waitingAddresses). \
            A new password (<code>stepwise user password</code>) clears an account's count.</p>
            """
        return Page(title: "Sign-in locks", blocks: [.html(note), .table(table)])
    }
}
