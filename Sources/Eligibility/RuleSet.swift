/// gogen's eligibility options (prop64-rules.md, Part A.1), validated strictly.
public struct GogenOptions: Hashable, Sendable {
    public static let sections = ["11357", "11358", "11359", "11360"]

    public var dismiss: [String] = []
    public var reduce: [String] = []
    public var subjectUnder21AtConviction = false
    /// 0 = off.
    public var subjectAgeThreshold = 0
    public var yearsSinceConvictionThreshold = 0
    public var yearsCrimeFreeThreshold = 0
    public var subjectIsDeceased = false
    public var subjectHasOnlyProp64Charges = false

    public init() {}
}

/// The Los Angeles 2020 parameters (Part B.1).
public struct LosAngelesParameters: Hashable, Sendable {
    public enum Under21Basis: String, Hashable, Sendable {
        /// gogen_pilots: 21.0 years or younger on the evaluation date.
        case atEvaluation
        /// Los Angeles' public description: under 21 when convicted.
        case atConviction
    }

    public var individualAge = 50
    public var yearsConvictionFree = 10
    public var under21Basis: Under21Basis

    public init(individualAge: Int = 50, yearsConvictionFree: Int = 10, under21Basis: Under21Basis) {
        self.individualAge = individualAge
        self.yearsConvictionFree = yearsConvictionFree
        self.under21Basis = under21Basis
    }
}

/// A rule set: which flow decides, with which parameters, named and versioned; its SHA-256 (of the
/// file's bytes) goes with every result.
public struct RuleSet: Hashable, Sendable {
    public enum Profile: Hashable, Sendable {
        case gogen(GogenOptions)
        case statutory
        case losAngeles2020(LosAngelesParameters)
        case dismissAll
    }

    public var id: String
    public var version: String
    public var profile: Profile
    public var sha256: String
    /// Non-fatal notes on the file (duplicates, a section in neither gogen list).
    public var warnings: [String]

    public init(id: String, version: String, profile: Profile, sha256: String, warnings: [String] = []) {
        self.id = id
        self.version = version
        self.profile = profile
        self.sha256 = sha256
        self.warnings = warnings
    }

    /// Reads a rule file: a gogen/BEAR eligibility-options file as it is, or a SealKit rule-set file
    /// (`{"ruleSet": …, "version": …, "profile": …, "parameters": {…}}`).
    public static func load(_ bytes: [UInt8], source: String, sha256: String) throws(RuleSetError) -> RuleSet {
        let value = try JSONValue.parse(bytes, source: source)
        guard case .object(let object) = value else {
            throw RuleSetError(source: source, path: "", problem: "expected a JSON object, found \(value.typeName)")
        }
        var reader = ObjectReader(source: source)
        let lowered = Set(object.keys.map { $0.lowercased() })
        if lowered.contains("baselineeligibility") || lowered.contains("additionalrelief") {
            let (options, warnings) = try reader.gogenOptions(object, path: "")
            return RuleSet(
                id: "gogen",
                version: "gogen-c3771a0",
                profile: .gogen(options),
                sha256: sha256,
                warnings: warnings
            )
        }
        try reader.allow(object, ["ruleSet", "version", "profile", "description", "parameters"], path: "")
        let id = try reader.string(object, "ruleSet", path: "")
        let version = try reader.string(object, "version", path: "")
        let profileName = try reader.string(object, "profile", path: "")
        let parameters = try reader.object(object, "parameters", path: "", required: false) ?? [:]
        let profile: Profile
        var warnings: [String] = []
        switch profileName {
        case "gogen":
            let (options, notes) = try reader.gogenOptions(parameters, path: "parameters")
            profile = .gogen(options)
            warnings = notes
        case "statutory":
            try reader.allow(parameters, [], path: "parameters")
            profile = .statutory
        case "dismiss-all":
            try reader.allow(parameters, [], path: "parameters")
            profile = .dismissAll
        case "los-angeles-2020":
            try reader.allow(parameters, ["individualAge", "yearsConvictionFree", "under21Basis"], path: "parameters")
            let age = try reader.integer(parameters, "individualAge", path: "parameters", range: 1...120) ?? 50
            let years = try reader.integer(parameters, "yearsConvictionFree", path: "parameters", range: 1...100) ?? 10
            let basisName = try reader.string(parameters, "under21Basis", path: "parameters")
            guard let basis = LosAngelesParameters.Under21Basis(rawValue: basisName) else {
                throw RuleSetError(
                    source: source,
                    path: "parameters.under21Basis",
                    problem: "must be \"atEvaluation\" or \"atConviction\""
                )
            }
            profile = .losAngeles2020(
                LosAngelesParameters(individualAge: age, yearsConvictionFree: years, under21Basis: basis)
            )
        default:
            throw RuleSetError(
                source: source,
                path: "profile",
                problem: "unknown profile (known: gogen, statutory, los-angeles-2020, dismiss-all)"
            )
        }
        return RuleSet(id: id, version: version, profile: profile, sha256: sha256, warnings: warnings)
    }
}

/// Reads keys of a JSON object with the key path in every error.
private struct ObjectReader {
    let source: String

    func fail(_ path: String, _ problem: String) -> RuleSetError {
        RuleSetError(source: source, path: path, problem: problem)
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Rejects keys outside `known`, naming a case variant of a known key as such.
    func allow(_ object: [String: JSONValue], _ known: [String], path: String) throws(RuleSetError) {
        for key in object.keys.sorted() where !known.contains(key) {
            if let match = known.first(where: { $0.lowercased() == key.lowercased() }) {
                throw fail(join(path, key), "key names are case-sensitive here: write \"\(match)\"")
            }
            throw fail(join(path, key), "unknown key")
        }
    }

    func string(_ object: [String: JSONValue], _ key: String, path: String) throws(RuleSetError) -> String {
        switch object[key] {
        case .string(let value)?: return value
        case nil: throw fail(join(path, key), "missing")
        case let other?: throw fail(join(path, key), "expected a string, found \(other.typeName)")
        }
    }

    func object(
        _ object: [String: JSONValue],
        _ key: String,
        path: String,
        required: Bool
    ) throws(RuleSetError) -> [String: JSONValue]? {
        switch object[key] {
        case .object(let value)?: return value
        case nil, .null?:
            if required { throw fail(join(path, key), "missing") }
            return nil
        case let other?: throw fail(join(path, key), "expected an object, found \(other.typeName)")
        }
    }

    /// An integer in `range` (or 0 when `allowZero`); nil when absent or null.
    func integer(
        _ object: [String: JSONValue],
        _ key: String,
        path: String,
        range: ClosedRange<Int>,
        allowZero: Bool = false
    ) throws(RuleSetError) -> Int? {
        switch object[key] {
        case nil, .null?: return nil
        case .integer(let value)?:
            guard range.contains(value) || (allowZero && value == 0) else {
                let zero = allowZero ? ", or 0 (off)" : ""
                throw fail(
                    join(path, key),
                    "must be between \(range.lowerBound) and \(range.upperBound)\(zero); found \(value)"
                )
            }
            return value
        case let other?: throw fail(join(path, key), "expected an integer, found \(other.typeName)")
        }
    }

    func bool(_ object: [String: JSONValue], _ key: String, path: String) throws(RuleSetError) -> Bool {
        switch object[key] {
        case nil, .null?: return false
        case .bool(let value)?: return value
        case let other?: throw fail(join(path, key), "expected true or false, found \(other.typeName)")
        }
    }

    func sections(_ object: [String: JSONValue], _ key: String, path: String) throws(RuleSetError) -> [String] {
        switch object[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var sections: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw fail("\(join(path, key))[\(index)]", "expected a string, found \(item.typeName)")
                }
                guard GogenOptions.sections.contains(text) else {
                    throw fail(
                        "\(join(path, key))[\(index)]",
                        "must be one of \(GogenOptions.sections.joined(separator: ", ")) (subsections are not configurable)"
                    )
                }
                sections.append(text)
            }
            return sections
        case let other?: throw fail(join(path, key), "expected an array of sections, found \(other.typeName)")
        }
    }

    /// A gogen options object (Part A.1), validated as SealKit does.
    mutating func gogenOptions(
        _ object: [String: JSONValue],
        path: String
    ) throws(RuleSetError) -> (GogenOptions, [String]) {
        try allow(object, ["baselineEligibility", "additionalRelief"], path: path)
        var options = GogenOptions()
        var warnings: [String] = []
        let basePath = join(path, "baselineEligibility")
        if let base = try self.object(object, "baselineEligibility", path: path, required: false) {
            try allow(base, ["dismiss", "reduce"], path: basePath)
            options.dismiss = try sections(base, "dismiss", path: basePath)
            options.reduce = try sections(base, "reduce", path: basePath)
        }
        let reliefPath = join(path, "additionalRelief")
        if let relief = try self.object(object, "additionalRelief", path: path, required: false) {
            try allow(
                relief,
                [
                    "subjectUnder21AtConviction", "subjectAgeThreshold", "yearsSinceConvictionThreshold",
                    "yearsCrimeFreeThreshold", "subjectIsDeceased", "subjectHasOnlyProp64Charges",
                ],
                path: reliefPath
            )
            options.subjectUnder21AtConviction = try bool(relief, "subjectUnder21AtConviction", path: reliefPath)
            options.subjectAgeThreshold =
                try integer(relief, "subjectAgeThreshold", path: reliefPath, range: 40...65, allowZero: true) ?? 0
            options.yearsSinceConvictionThreshold =
                try integer(relief, "yearsSinceConvictionThreshold", path: reliefPath, range: 1...15, allowZero: true)
                ?? 0
            options.yearsCrimeFreeThreshold =
                try integer(relief, "yearsCrimeFreeThreshold", path: reliefPath, range: 1...15, allowZero: true) ?? 0
            options.subjectIsDeceased = try bool(relief, "subjectIsDeceased", path: reliefPath)
            options.subjectHasOnlyProp64Charges = try bool(relief, "subjectHasOnlyProp64Charges", path: reliefPath)
        }
        if let both = options.dismiss.first(where: options.reduce.contains) {
            throw fail(basePath, "sectionInBothLists: \(both) is in both dismiss and reduce")
        }
        for (name, list) in [("dismiss", options.dismiss), ("reduce", options.reduce)]
        where Set(list).count != list.count {
            warnings.append("\(join(basePath, name)): duplicate sections (the first counts)")
        }
        for section in GogenOptions.sections
        where !options.dismiss.contains(section) && !options.reduce.contains(section) {
            warnings.append(
                "\(basePath): sectionNotConfigured: \(section) is in neither list (its felonies go to review)"
            )
        }
        return (options, warnings)
    }
}
