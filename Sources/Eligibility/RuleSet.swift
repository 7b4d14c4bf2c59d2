import SealCore

/// gogen's eligibility options (prop64-rules.md, Part A.1), validated strictly.
package struct GogenOptions: Hashable, Sendable {
    package static let sections = ["11357", "11358", "11359", "11360"]

    package var dismiss: [String] = []
    package var reduce: [String] = []
    package var subjectUnder21AtConviction = false
    /// 0 = off.
    package var subjectAgeThreshold = 0
    package var yearsSinceConvictionThreshold = 0
    package var yearsCrimeFreeThreshold = 0
    package var subjectIsDeceased = false
    package var subjectHasOnlyProp64Charges = false

    package init() {}
}

/// The Los Angeles 2020 parameters (Part B.1).
package struct LosAngelesParameters: Hashable, Sendable {
    package enum Under21Basis: String, Hashable, Sendable {
        /// gogen_pilots: 21.0 years or younger on the evaluation date.
        case atEvaluation
        /// Los Angeles' public description: under 21 when convicted.
        case atConviction
    }

    package var individualAge = 50
    package var yearsConvictionFree = 10
    package var under21Basis: Under21Basis

    package init(individualAge: Int = 50, yearsConvictionFree: Int = 10, under21Basis: Under21Basis) {
        self.individualAge = individualAge
        self.yearsConvictionFree = yearsConvictionFree
        self.under21Basis = under21Basis
    }
}

/// A rule set: which flow decides, with which parameters, named and versioned; its SHA-256 (of the
/// file's bytes) goes with every result.
package struct RuleSet: Hashable, Sendable {
    package enum Profile: Hashable, Sendable {
        case gogen(GogenOptions)
        case statutory
        case losAngeles2020(LosAngelesParameters)
        case dismissAll
    }

    package var id: String
    package var version: String
    package var profile: Profile
    package var sha256: String
    /// Non-fatal notes on the file (duplicates, a section in neither gogen list).
    package var warnings: [String]

    package init(id: String, version: String, profile: Profile, sha256: String, warnings: [String] = []) {
        self.id = id
        self.version = version
        self.profile = profile
        self.sha256 = sha256
        self.warnings = warnings
    }

    /// Reads a rule file: a gogen/BEAR eligibility-options file as it is, or a SealKit rule-set file
    /// (`{"ruleSet": …, "version": …, "profile": …, "parameters": {…}}`). The file is read by the
    /// project's strict JSON reader: a duplicate key, a trailing comma or a comment is an error, so
    /// the policy applied is the one every other JSON tool reads from the same bytes.
    package static func load(_ bytes: [UInt8], source: String, sha256: String) throws(RuleSetError) -> RuleSet {
        let root: JSONNode
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            throw RuleSetError(source: source, json: error)
        }
        let reader = ObjectReader(source: source)
        let object = try reader.top(root)
        let lowered = Set(object.members.keys.map { $0.lowercased() })
        if lowered.contains("baselineeligibility") || lowered.contains("additionalrelief") {
            let (options, warnings) = try reader.gogenOptions(object)
            return RuleSet(
                id: "gogen",
                version: "gogen-c3771a0",
                profile: .gogen(options),
                sha256: sha256,
                warnings: warnings
            )
        }
        try reader.allow(object, ["ruleSet", "version", "profile", "description", "parameters"])
        let id = try reader.label(object, "ruleSet")
        let version = try reader.label(object, "version")
        _ = try reader.optionalString(object, "description")
        let profileName = try reader.string(object, "profile")
        let parameters = try reader.object(object, "parameters") ?? reader.empty(at: object, "parameters")
        let profile: Profile
        var warnings: [String] = []
        switch profileName {
        case "gogen":
            let (options, notes) = try reader.gogenOptions(parameters)
            profile = .gogen(options)
            warnings = notes
        case "statutory":
            try reader.allow(parameters, [])
            profile = .statutory
        case "dismiss-all":
            try reader.allow(parameters, [])
            profile = .dismissAll
        case "los-angeles-2020":
            try reader.allow(parameters, ["individualAge", "yearsConvictionFree", "under21Basis"])
            let age = try reader.integer(parameters, "individualAge", range: 1...120) ?? 50
            let years = try reader.integer(parameters, "yearsConvictionFree", range: 1...100) ?? 10
            let basisName = try reader.string(parameters, "under21Basis")
            guard let basis = LosAngelesParameters.Under21Basis(rawValue: basisName) else {
                throw reader.fail(parameters, "under21Basis", "must be \"atEvaluation\" or \"atConviction\"")
            }
            profile = .losAngeles2020(
                LosAngelesParameters(individualAge: age, yearsConvictionFree: years, under21Basis: basis)
            )
        default:
            throw reader.fail(
                object,
                "profile",
                "unknown profile (known: gogen, statutory, los-angeles-2020, dismiss-all)"
            )
        }
        return RuleSet(id: id, version: version, profile: profile, sha256: sha256, warnings: warnings)
    }
}

/// A JSON object of a rule file, with its place and key path.
private struct RuleObject {
    let members: JSONObject
    let node: JSONNode
    let path: String
}

/// Reads keys of a rule file's objects with the key path, line and column in every error.
private struct ObjectReader {
    let source: String

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error at `key` of `object`: at its value when present, at the object otherwise.
    func fail(_ object: RuleObject, _ key: String, _ problem: String) -> RuleSetError {
        fail(object.members[key] ?? object.node, join(object.path, key), problem)
    }

    func fail(_ node: JSONNode, _ path: String, _ problem: String) -> RuleSetError {
        RuleSetError(source: source, path: path, problem: problem, line: node.line, column: node.column)
    }

    func top(_ node: JSONNode) throws(RuleSetError) -> RuleObject {
        guard case .object(let members) = node.value else {
            throw fail(node, "", "expected a JSON object, found \(node.value.typeName)")
        }
        return RuleObject(members: members, node: node, path: "")
    }

    /// An empty object standing for an absent `key` of `parent`.
    func empty(at parent: RuleObject, _ key: String) -> RuleObject {
        RuleObject(members: JSONObject(members: []), node: parent.node, path: join(parent.path, key))
    }

    /// Rejects keys outside `known`, naming a case variant of a known key as such.
    /// The error is placed at the key.
    func allow(_ object: RuleObject, _ known: [String]) throws(RuleSetError) {
        for member in object.members.members where !known.contains(member.key) {
            let key = member.key
            let problem =
                known.first { $0.lowercased() == key.lowercased() }
                .map { "key names are case-sensitive here: write \"\($0)\"" } ?? "unknown key"
            throw RuleSetError(
                source: source,
                path: join(object.path, key),
                problem: problem,
                line: member.keyLine,
                column: member.keyColumn
            )
        }
    }

    func string(_ object: RuleObject, _ key: String) throws(RuleSetError) -> String {
        switch object.members[key]?.value {
        case .string(let value)?: return value
        case nil: throw fail(object, key, "missing")
        case let other?: throw fail(object, key, "expected a string, found \(other.typeName)")
        }
    }

    func optionalString(_ object: RuleObject, _ key: String) throws(RuleSetError) -> String? {
        guard object.members[key] != nil else { return nil }
        return try string(object, key)
    }

    /// A name or version printed in every output: 1 to 100 characters, none of them a control
    /// character or a line separator (a newline in it would forge a line of a report or a log).
    func label(_ object: RuleObject, _ key: String) throws(RuleSetError) -> String {
        let value = try string(object, key)
        guard !value.isEmpty, value.count <= 100 else {
            throw fail(object, key, "must be 1 to 100 characters")
        }
        let forbidden = value.unicodeScalars.contains {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029
        }
        guard !forbidden else {
            throw fail(object, key, "must not hold a newline or another control character")
        }
        return value
    }

    func object(_ object: RuleObject, _ key: String) throws(RuleSetError) -> RuleObject? {
        guard let node = object.members[key] else { return nil }
        switch node.value {
        case .object(let members): return RuleObject(members: members, node: node, path: join(object.path, key))
        case .null: return nil
        case let other: throw fail(object, key, "expected an object, found \(other.typeName)")
        }
    }

    /// An integer in `range` (or 0 when `allowZero`); nil when absent or null.
    func integer(
        _ object: RuleObject,
        _ key: String,
        range: ClosedRange<Int>,
        allowZero: Bool = false
    ) throws(RuleSetError) -> Int? {
        switch object.members[key]?.value {
        case nil, .null?: return nil
        case .integer(let value)?:
            guard range.contains(value) || (allowZero && value == 0) else {
                let zero = allowZero ? ", or 0 (off)" : ""
                throw fail(
                    object,
                    key,
                    "must be between \(range.lowerBound) and \(range.upperBound)\(zero); found \(value)"
                )
            }
            return value
        case let other?: throw fail(object, key, "expected an integer, found \(other.typeName)")
        }
    }

    func bool(_ object: RuleObject, _ key: String) throws(RuleSetError) -> Bool {
        switch object.members[key]?.value {
        case nil, .null?: return false
        case .bool(let value)?: return value
        case let other?: throw fail(object, key, "expected true or false, found \(other.typeName)")
        }
    }

    func sections(_ object: RuleObject, _ key: String) throws(RuleSetError) -> [String] {
        guard let node = object.members[key] else { return [] }
        switch node.value {
        case .null: return []
        case .array(let items):
            var sections: [String] = []
            for (index, item) in items.enumerated() {
                let path = "\(join(object.path, key))[\(index)]"
                guard case .string(let text) = item.value else {
                    throw fail(item, path, "expected a string, found \(item.value.typeName)")
                }
                guard GogenOptions.sections.contains(text) else {
                    throw fail(
                        item,
                        path,
                        "must be one of \(GogenOptions.sections.joined(separator: ", ")) (subsections are not configurable)"
                    )
                }
                sections.append(text)
            }
            return sections
        case let other: throw fail(object, key, "expected an array of sections, found \(other.typeName)")
        }
    }

    /// A gogen options object (Part A.1), validated as SealKit does.
    func gogenOptions(_ object: RuleObject) throws(RuleSetError) -> (GogenOptions, [String]) {
        try allow(object, ["baselineEligibility", "additionalRelief"])
        var options = GogenOptions()
        var warnings: [String] = []
        let base = try self.object(object, "baselineEligibility") ?? empty(at: object, "baselineEligibility")
        try allow(base, ["dismiss", "reduce"])
        options.dismiss = try sections(base, "dismiss")
        options.reduce = try sections(base, "reduce")
        if let relief = try self.object(object, "additionalRelief") {
            try allow(
                relief,
                [
                    "subjectUnder21AtConviction", "subjectAgeThreshold", "yearsSinceConvictionThreshold",
                    "yearsCrimeFreeThreshold", "subjectIsDeceased", "subjectHasOnlyProp64Charges",
                ]
            )
            options.subjectUnder21AtConviction = try bool(relief, "subjectUnder21AtConviction")
            options.subjectAgeThreshold =
                try integer(relief, "subjectAgeThreshold", range: 40...65, allowZero: true) ?? 0
            options.yearsSinceConvictionThreshold =
                try integer(relief, "yearsSinceConvictionThreshold", range: 1...15, allowZero: true)
                ?? 0
            options.yearsCrimeFreeThreshold =
                try integer(relief, "yearsCrimeFreeThreshold", range: 1...15, allowZero: true) ?? 0
            options.subjectIsDeceased = try bool(relief, "subjectIsDeceased")
            options.subjectHasOnlyProp64Charges = try bool(relief, "subjectHasOnlyProp64Charges")
        }
        if let both = options.dismiss.first(where: options.reduce.contains) {
            throw fail(base.node, base.path, "sectionInBothLists: \(both) is in both dismiss and reduce")
        }
        for (name, list) in [("dismiss", options.dismiss), ("reduce", options.reduce)]
        where Set(list).count != list.count {
            warnings.append("\(join(base.path, name)): duplicate sections (the first counts)")
        }
        for section in GogenOptions.sections
        where !options.dismiss.contains(section) && !options.reduce.contains(section) {
            warnings.append(
                "\(base.path): sectionNotConfigured: \(section) is in neither list (its felonies go to review)"
            )
        }
        return (options, warnings)
    }
}
