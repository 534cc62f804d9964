import StepwiseDevices
import Testing

/// Controller addresses are numeric and checked once: a name would need a blocking resolver call.
@Suite struct TCPAddressTests {
    @Test func numericAddressesAreTaken() throws {
        #expect(try #require(TCPAddress(host: "10.0.4.21", port: 4545)).description == "10.0.4.21:4545")
        #expect(try #require(TCPAddress(host: "fd00::7", port: 1)).description == "[fd00::7]:1")
        #expect(TCPAddress(host: "::1", port: 65535) != nil)
    }

    @Test func namesAndBadPortsAreRefused() {
        for host in ["localhost", "controller.local", "", "10.0.4", "10.0.4.256", " 10.0.4.21", "10.0.4.21\n"] {
            #expect(TCPAddress(host: host, port: 4545) == nil, "\(host.debugDescription)")
        }
        for port in [0, -1, 65536, Int.max] { #expect(TCPAddress(host: "10.0.4.21", port: port) == nil, "\(port)") }
    }
}
