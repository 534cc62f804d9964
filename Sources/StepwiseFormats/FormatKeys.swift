/// Every mapping of both formats and the keys the loader accepts in it. The JSON Schemas name
/// the same objects under `$defs` (the root is `"$root"`); a test checks the two agree.
public enum FormatKeys {
    static func keys(_ name: String, _ known: [String], required: [String] = []) -> ObjectKeys {
        ObjectKeys(name: name, known: known, required: required)
    }

    // MARK: Instruction sets
    static let instructionSet = keys(
        "instruction set", ["id", "version", "title", "variants", "guidance", "policy", "steps"],
        required: ["id", "version", "title", "steps"])
    static let variant = keys("variant", ["id", "title", "code"], required: ["id", "title"])
    static let guidance = keys("guidance", ["full", "hint", "location", "silent"])
    static let levelEdit = keys("guidance level", ["add", "drop"])
    static let policy = keys(
        "policy",
        [
            "initial-level", "floor", "fade-after-clean-runs", "fade-tempo", "raise-tempo", "raise-after-slow-runs",
            "minimum-dwell-runs", "hesitation-factor", "break-seconds", "fade-mastery", "raise-mastery",
            "group-raise-after-trouble", "warm-up-after-break", "fatigue-after-hours", "solid-mastery",
            "failed-fade-limit", "changed-step-level", "trial-fade-runs",
        ])
    static let groupItem = keys("group item", ["group"], required: ["group"])
    static let group = keys("group", ["id", "title", "steps"], required: ["id", "title", "steps"])
    static let step = keys(
        "step",
        [
            "id", "text", "picture", "target-seconds", "zones", "bins", "contour", "done-when", "wrong-actions",
            "enables", "variants", "replaces",
        ],
        required: ["id", "text", "target-seconds", "done-when"])
    static let condition = keys("done-when condition", ["input", "count", "any-of", "all-of"])
    static let wrongAction = keys("wrong action", ["input", "kind", "message"], required: ["input", "kind"])

    // MARK: Cells
    static let cell = keys(
        "cell",
        [
            "id", "title", "language", "projector", "zones", "inputs", "usb-devices", "outputs", "roles",
            "instruction-sets",
        ],
        required: ["id", "title", "projector"])
    /// The scene's keys and each display backend's own (see `DisplayKind.all`).
    static let projector = keys(
        "projector",
        DisplayKind.all.flatMap(\.targetKeys) + ["width", "height"] + DisplayKind.all.flatMap(\.layoutKeys)
            + ["calibration", "panel", "minimum-text-mm"],
        required: ["width", "height"] + DisplayKind.all.flatMap(\.required) + ["calibration", "panel"])
    static let calibrationPoint = keys("calibration point", ["bench", "projector"], required: ["bench", "projector"])
    static let rect = keys("rect", ["x", "y", "width", "height"], required: ["x", "y", "width", "height"])
    static let zone = keys("zone", ["id", "kind", "title", "rect", "polygon", "lamp"], required: ["id", "kind"])
    /// An input's own keys and one key per source kind; each kind's own keys are in `InputKind.all`.
    static let input = keys(
        "input", ["id"] + InputKind.all.map(\.key) + ["debounce-ms", "stuck-after-s"], required: ["id"])
    static let usbDevice = keys(
        "usb device", ["id", "kind", "vendor", "product", "serial", "interface", "endpoint", "port"],
        required: ["id", "kind", "vendor", "product"])
    static let output = keys("output", ["id", "gpio", "simulated"], required: ["id"])
    static let gpioOutput = keys("gpio output", ["chip", "line", "active-low"], required: ["chip", "line"])
    static let simulatedOutput = keys("simulated output", [])
    static let roles = keys("roles", ["help", "confirm", "reader"])

    /// The instruction-set schema's objects by `$defs` name.
    public static let instructionSetObjects: [String: ObjectKeys] = [
        "$root": instructionSet, "variant": variant, "guidance": guidance, "levelEdit": levelEdit, "policy": policy,
        "groupItem": groupItem, "group": group, "step": step, "condition": condition, "wrongAction": wrongAction,
    ]

    /// The cell schema's objects by `$defs` name.
    public static let cellObjects: [String: ObjectKeys] = [
        "$root": cell, "projector": projector, "calibrationPoint": calibrationPoint, "rect": rect, "zone": zone,
        "input": input, "usbDevice": usbDevice, "output": output, "gpioOutput": gpioOutput,
        "simulatedOutput": simulatedOutput, "roles": roles,
    ].merging(InputKind.all.map { ($0.schemaName, $0.keys) }) { first, _ in first }
}
