/// MID 0002, the controller's answer to a communication start: who it is.
///
/// Revision 1 has the cell id, channel id and controller name; revision 2 adds the supplier code; revision 3 adds
/// the Open Protocol version and the controller's and tool's software versions. Fields of later revisions are read
/// when present and otherwise left nil, so a controller that answers a lower revision than asked still starts.
public struct CommunicationStartAcknowledge: Hashable, Sendable {
    public var revision: Int
    public var cell: Int
    public var channel: Int
    public var controllerName: String
    public var supplierCode: String?
    public var openProtocolVersion: String?
    public var controllerSoftwareVersion: String?
    public var toolSoftwareVersion: String?

    public init(
        revision: Int = 1, cell: Int, channel: Int, controllerName: String, supplierCode: String? = nil,
        openProtocolVersion: String? = nil, controllerSoftwareVersion: String? = nil, toolSoftwareVersion: String? = nil
    ) {
        self.revision = revision
        self.cell = cell
        self.channel = channel
        self.controllerName = controllerName
        self.supplierCode = supplierCode
        self.openProtocolVersion = openProtocolVersion
        self.controllerSoftwareVersion = controllerSoftwareVersion
        self.toolSoftwareVersion = toolSoftwareVersion
    }

    public init(frame: OpenProtocolFrame) throws(MessageError) {
        var reader = FieldReader(frame)
        revision = frame.revision
        cell = try reader.number(1, width: 4, name: "cell id")
        channel = try reader.number(2, width: 2, name: "channel id")
        controllerName = try reader.text(3, width: 25, name: "controller name")
        supplierCode = reader.next(is: 4) ? try reader.text(4, width: 3, name: "supplier code") : nil
        openProtocolVersion = reader.next(is: 5) ? try reader.text(5, width: 19, name: "Open Protocol version") : nil
        controllerSoftwareVersion =
            reader.next(is: 6) ? try reader.text(6, width: 19, name: "controller software version") : nil
        toolSoftwareVersion = reader.next(is: 7) ? try reader.text(7, width: 19, name: "tool software version") : nil
    }
}

/// MID 0004: the controller refused a request.
public struct CommandError: Hashable, Sendable, CustomStringConvertible {
    public var refused: MID
    public var code: Int

    /// Error codes the session acts on (specification 2.16.0).
    public static let clientAlreadyConnected = 96
    public static let revisionUnsupported = 97
    public static let unknownMID = 99

    public init(refused: MID, code: Int) {
        self.refused = refused
        self.code = code
    }

    public init(frame: OpenProtocolFrame) throws(MessageError) {
        var reader = FieldReader(frame)
        refused = MID(try reader.number(nil, width: 4, name: "refused MID"))
        code = try reader.number(nil, width: 2, name: "error code")
    }

    public var description: String {
        let meaning =
            switch code {
            case Self.clientAlreadyConnected: " (client already connected)"
            case Self.revisionUnsupported: " (MID revision unsupported)"
            case Self.unknownMID: " (unknown MID)"
            default: ""
            }
        return "controller refused MID \(refused) with error \(code)\(meaning)"
    }
}

/// MID 0005: the controller accepted a request.
public struct CommandAccepted: Hashable, Sendable {
    public var accepted: MID
    public init(accepted: MID) { self.accepted = accepted }
    public init(frame: OpenProtocolFrame) throws(MessageError) {
        var reader = FieldReader(frame)
        accepted = MID(try reader.number(nil, width: 4, name: "accepted MID"))
    }
}

/// The requests this client sends, each encoded as the specification lays it out.
public enum ControllerRequest: Hashable, Sendable, CustomStringConvertible {
    /// 0001, asking for the given revision of the 0002 answer.
    case communicationStart(revision: Int)
    /// 0003.
    case communicationStop
    /// 0018: the parameter set (tightening program) by number, 3 digits.
    case selectParameterSet(Int)
    /// 0042.
    case disableTool
    /// 0043.
    case enableTool
    /// 0060, for the given revision of 0061.
    case subscribeLastResult(revision: Int)
    /// 0062: sent after every 0061.
    case acknowledgeLastResult
    /// 0063.
    case unsubscribeLastResult
    /// 9999.
    case keepAlive

    public var mid: MID {
        switch self {
        case .communicationStart: .communicationStart
        case .communicationStop: .communicationStop
        case .selectParameterSet: .selectParameterSet
        case .disableTool: .disableTool
        case .enableTool: .enableTool
        case .subscribeLastResult: .lastResultSubscribe
        case .acknowledgeLastResult: .lastResultAcknowledge
        case .unsubscribeLastResult: .lastResultUnsubscribe
        case .keepAlive: .keepAlive
        }
    }

    /// The frame, with the station and spindle ids the cell configured (blank when nil).
    public func frame(station: Int? = nil, spindle: Int? = nil) throws(FrameEncodingError) -> OpenProtocolFrame {
        var revision = 1
        var data: [UInt8] = []
        switch self {
        case .communicationStart(let asked), .subscribeLastResult(let asked): revision = asked
        case .selectParameterSet(let set):
            guard let digits = ASCII.digits(set, width: 3) else {
                throw FrameEncodingError(field: "parameter set", value: set, expected: "0…999")
            }
            data = digits
        default: break
        }
        return OpenProtocolFrame(mid: mid, revision: revision, station: station, spindle: spindle, data: data)
    }

    public func encoded(station: Int? = nil, spindle: Int? = nil) throws(FrameEncodingError) -> [UInt8] {
        try frame(station: station, spindle: spindle).encoded()
    }

    public var description: String {
        switch self {
        case .communicationStart(let revision): "communication start (MID 0001 rev \(revision))"
        case .communicationStop: "communication stop (MID 0003)"
        case .selectParameterSet(let set): "select parameter set \(set) (MID 0018)"
        case .disableTool: "disable tool (MID 0042)"
        case .enableTool: "enable tool (MID 0043)"
        case .subscribeLastResult(let revision): "subscribe to results (MID 0060 rev \(revision))"
        case .acknowledgeLastResult: "result acknowledge (MID 0062)"
        case .unsubscribeLastResult: "unsubscribe from results (MID 0063)"
        case .keepAlive: "keep-alive (MID 9999)"
        }
    }
}
