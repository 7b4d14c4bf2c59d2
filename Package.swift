// swift-tools-version: 6.2
//
// SealKit: automatic record clearance that protects the people in the data.
// The module graph enforces the trust zones of DESIGN.md: only SealCrypto imports OpenSSL,
// and the eligibility engine depends on de-identified types only.

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "SealKit",
    products: [
        .executable(name: "sealkit", targets: ["SealKitCLI"]),
        // The one library with a public API: OpenSSL 3 from Swift (SHA-256, HMAC, HKDF, Ed25519, wiped
        // secrets). Every other module is the tool's own and uses `package` access.
        .library(name: "SealCrypto", targets: ["SealCrypto"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // The system OpenSSL 3 (libcrypto only) and a shim header for its macros.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // The only module that touches OpenSSL, through `internal import COpenSSL` in `OpenSSL/`.
        .target(
            name: "SealCrypto",
            dependencies: ["COpenSSL"],
            swiftSettings: strictSettings
        ),
        // The zone-free core: what every zone shares and that holds nothing identifying (the strict
        // JSON reader, calendar-date text, the fixed vocabularies of public values). Depends on nothing.
        .target(
            name: "SealCore",
            swiftSettings: strictSettings
        ),
        // The identified zone: the DOJ research file reader, typed offenses, subject histories, the
        // data generator. Depends only on the zone-free core (which holds nothing identifying).
        .target(
            name: "CriminalRecords",
            dependencies: ["SealCore"],
            swiftSettings: strictSettings
        ),
        // The de-identified zone's records: pseudonyms, shifted dates, the JSON Lines format. Holds no
        // direct identifier; the eligibility engine will depend on it and never on CriminalRecords.
        .target(
            name: "Deidentified",
            dependencies: ["SealCore"],
            swiftSettings: strictSettings
        ),
        // The only bridge out of the identified zone: purpose keys, normalization, pseudonyms, the
        // keyed date shift.
        .target(
            name: "Pseudonymization",
            dependencies: ["CriminalRecords", "Deidentified", "SealCrypto", "SealCore"],
            swiftSettings: strictSettings
        ),
        // The eligibility engine: rule sets as data, decisions with reasons. De-identified records
        // and the zone-free core only: it cannot see anything the identified zone holds.
        .target(
            name: "Eligibility",
            dependencies: ["Deidentified", "SealCore"],
            swiftSettings: strictSettings
        ),
        // Signed manifests, logs and proofs: RFC 8785 bodies, DSSE envelopes (Ed25519), RFC 9162 trees
        // and proofs, C2SP signed notes and checkpoints. De-identified values and keys only.
        .target(
            name: "Manifest",
            dependencies: ["SealCrypto", "Deidentified", "SealCore"],
            swiftSettings: strictSettings
        ),
        // Pipelines and file handling: key files, atomic writes, permission checks; the shipped rule
        // sets (statutory, los-angeles-2020, dismiss-all, gogen), compiled in by the EmbedRuleSets
        // plugin from RuleSets/*.json (no resource bundle is read at run time).
        .target(
            name: "SealKit",
            dependencies: [
                "SealCore", "SealCrypto", "CriminalRecords", "Deidentified", "Pseudonymization", "Eligibility",
                "Manifest",
            ],
            exclude: ["RuleSets"],
            swiftSettings: strictSettings,
            plugins: ["EmbedRuleSets"]
        ),
        // The build plugin that compiles the shipped rule sets into SealKit, and its tool.
        .executableTarget(
            name: "embed-rule-sets",
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "EmbedRuleSets",
            capability: .buildTool(),
            dependencies: ["embed-rule-sets"]
        ),
        // The command-line tool `sealkit`: argument parsing, help, exit codes, printing. Its module is
        // `SealKitCLI`, so that no two paths of the repository differ only by case (`Sources/SealKit`
        // and a `Sources/sealkit` merge on a default macOS or Windows file system).
        .executableTarget(
            name: "SealKitCLI",
            dependencies: [
                "SealKit",
                "SealCore",
                "SealCrypto",
                "CriminalRecords",
                "Deidentified",
                "Eligibility",
                "Manifest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // `make bench`: measures SealKit beside `openssl speed` and other baselines in the same run.
        .executableTarget(
            name: "sealkit-bench",
            dependencies: ["SealCrypto", "CriminalRecords", "Deidentified", "Eligibility", "Manifest", "SealKit"],
            swiftSettings: strictSettings
        ),
        // Helpers shared by the test targets: fixtures, temporary folders, running programs.
        .target(
            name: "TestSupport",
            dependencies: ["CriminalRecords", "Deidentified", "SealCore"],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SealCoreTests",
            dependencies: ["SealCore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SealCryptoTests",
            dependencies: ["SealCrypto", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CriminalRecordsTests",
            dependencies: ["CriminalRecords", "SealCore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PseudonymizationTests",
            dependencies: [
                "Pseudonymization", "Deidentified", "CriminalRecords", "SealCrypto", "SealCore", "TestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EligibilityTests",
            dependencies: ["Eligibility", "Deidentified", "SealCore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ProfileTests",
            dependencies: [
                "Eligibility", "Pseudonymization", "Deidentified", "CriminalRecords", "SealCrypto", "SealCore",
                "TestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ManifestTests",
            dependencies: ["Manifest", "SealCrypto", "SealCore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SealKitTests",
            dependencies: [
                "SealKit", "SealCrypto", "SealCore", "CriminalRecords", "Deidentified", "Pseudonymization", "Eligibility",
                "Manifest", "TestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["SealKitCLI", "SealKit", "SealCrypto", "TestSupport"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
