import Foundation
import Testing

@testable import StepwiseWorkshop

extension CentralServer {
    /// How a station reaches the central server: TLS to any other machine unless the URL says
    /// otherwise, and against the real test server (TLS-only on its TCP port) a checked certificate.
    @Suite struct CentralTLSTests {
        static func security(_ url: String) -> Result<CentralAddress.Security, CentralError> {
            CentralAddress.parse(url).map(\.security)
        }

        @Test func tlsIsTheDefaultBeyondThisMachine() {
            #expect(
                Self.security("postgres://s@db.workshop.lan/stepwise")
                    == .success(.verified(rootCertificate: nil, checkName: true)))
            #expect(Self.security("postgres://s@localhost/stepwise") == .success(.plain))
            #expect(Self.security("postgres://s@127.0.0.1:6543/stepwise") == .success(.plain))
            #expect(Self.security("postgres://s@x/stepwise?host=/run/postgresql") == .success(.plain))
            #expect(Self.security("postgres://s@db/stepwise?sslmode=require") == .success(.encrypted))
            #expect(
                Self.security("postgres://s@db/stepwise?sslmode=verify-ca&sslrootcert=/etc/ca.pem")
                    == .success(.verified(rootCertificate: "/etc/ca.pem", checkName: false)))
            guard case .failure(.badAddress(let why)) = Self.security("postgres://s@db/stepwise?sslmode=prefer") else {
                Issue.record("sslmode=prefer must be refused: it can fall back to plain text")
                return
            }
            #expect(why.contains("expected disable, require, verify-ca or verify-full"))
        }

        static let tlsURL = ProcessInfo.processInfo.environment["STEPWISE_TEST_POSTGRES_TLS"]

        @Test(.enabled(if: tlsURL != nil, "STEPWISE_TEST_POSTGRES_TLS is not set"))
        func verifiedTLSConnectsAndPlainOrForeignCertificatesAreRefused() async throws {
            let url = try #require(Self.tlsURL)
            let store = try await CentralStore.connect(try CentralAddress.parse(url).get(), logger: TestServer.logger)
            await store.close()
            // The server refuses plain TCP (hostnossl reject): no record may cross the network readable.
            let plain = url.replacingOccurrences(of: "sslmode=verify-full", with: "sslmode=disable")
            await #expect(throws: CentralError.self) {
                _ = try await CentralStore.connect(try CentralAddress.parse(plain).get(), logger: TestServer.logger)
            }
            // A certificate from another CA is an impostor.
            let foreign = FileManager.default.temporaryDirectory.appendingPathComponent(
                "foreign-\(UUID().uuidString).crt")
            try Self.foreignCertificate.write(to: foreign, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: foreign) }
            let impostor = url.replacingOccurrences(
                of: #"sslrootcert=[^&]*"#, with: "sslrootcert=\(foreign.path)", options: .regularExpression)
            await #expect(throws: CentralError.self) {
                _ = try await CentralStore.connect(try CentralAddress.parse(impostor).get(), logger: TestServer.logger)
            }
        }

        /// A self-signed certificate of a CA the test server never used.
        static let foreignCertificate = """
            -----BEGIN CERTIFICATE-----
            MIIDFzCCAf+gAwIBAgIUe8De84VErTDtqhqP0l5Q5zPTZu0wDQYJKoZIhvcNAQEL
            BQAwGzEZMBcGA1UEAwwQbm90LXRoZS13b3Jrc2hvcDAeFw0yNjEyMDUyMzUwNTFa
            Fw0zNjEyMDIyMzUwNTFaMBsxGTAXBgNVBAMMEG5vdC10aGUtd29ya3Nob3AwggEi
            MA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDRduqvEuZRdPCr0RdGX3kSMZJC
            RYV6ioHd1t4WpSqdGbVJQoxEHxiYM79SbePJZiv56fhBmYIxPvjlSBJo+9xZ/cCL
            qGxNhQWx4lr1AXFNFdrMaTd4xL+b+NVfZN73sWyem7xtUpZXrpMM/VATrm56BXYi
            UfYh4RpLBfgj7EiKTBcxI7tDhMHAXEOPRpfD7UAdrowBs/lpsQsL6PgPomUgJahr
            5/a3t9SaXDhW0z68ruVsDylGK78zCRWVIx40JDsoMTgrhfbO/WvxYIEPgF8+RGrm
            NP1blEwpqOZURXrnX7xZONRDUy012P6FHNhcDoY0dqoQYeRku2brWnyvx7EDAgMB
            AAGjUzBRMB0GA1UdDgQWBBQcH4uqjhbFXkTnHwhaf3tPR0B5DTAfBgNVHSMEGDAW
            gBQcH4uqjhbFXkTnHwhaf3tPR0B5DTAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3
            DQEBCwUAA4IBAQBqaJz5Rvq7viy39c9pBp/WV5rdDBjN2EJC1T0Y9lq0i6jhL5T3
            sIKF/zbC3DgqWII6Pg4Wv7BkETTpHw47+X7LhJX8/63k35XXRQMN1Pjy0sdk3amN
            y4XwiAdqQG4SS0c21RKN76gIzw3ME3R68IZMh++Sdj8+OQ9Xr6E65ZOOUZ4pBVXW
            b3MKuN/3oZfibSsypldHqYnumfLxKjVLLzigrl3YNmYqXeRDJ9lmzZkL7b9W6HmV
            5fT88vietvP8D/BSIHU4HfCN+EdU4ZIVrF32P4FHiZj0VG/l/8DIjJ8HxURIHZQp
            T4UGB2cL8Fhe+Rlg56rL+mWROknco75IJo8X
            -----END CERTIFICATE-----
            """
    }
}
