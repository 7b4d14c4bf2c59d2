import ArgumentParser
import Deidentified
import Manifest
import SealCore
import SealKit

extension SealKitCommand {
    struct ReviewListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review-list",
            abstract: "List a run's needsReview convictions, with who they are, for staff to decide.",
            discussion: """
                Identified zone. Reads the run folder's decisions, checks that the secret is the one the run \
                was keyed with (exit 77 otherwise), reads the DOJ research file again (it must be the file the \
                run was made from: exit 1 otherwise), re-keys each subject, and writes one CSV row per \
                needsReview conviction: pseudonym, conviction index and count reference; name, date of \
                birth, CII, court, case number, count, section, level and conviction date; the reasons in \
                plain words, the explanation and the relief the rule set allows; empty final_decision and \
                reviewer_note columns for staff; the run's rule set, evaluation date and input digest. The \
                file names people: mode 0600. Give it back to `sealkit seal --reviewed`. \
                The columns: docs/review-list.md.
                """
        )

        @Option(name: .customLong("run"), help: ArgumentHelp("The folder `sealkit run` wrote.", valueName: "DIR"))
        var runFolder: String

        @Option(help: ArgumentHelp("The DOJ research file the run was made from.", valueName: "FILE"))
        var input: String

        @Option(help: ArgumentHelp("The pseudonym master secret the run was keyed with.", valueName: "FILE"))
        var secret: String

        @Option(name: .customLong("out"), help: ArgumentHelp("The review list to write (CSV).", valueName: "FILE"))
        var output: String

        @Flag(help: "Replace an existing output file.")
        var force = false

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let summary = try ReviewList.write(
                    runFolder: runFolder,
                    input: input,
                    secret: secret,
                    output: output,
                    overwrite: force
                )
                print("needsReview convictions listed: \(summary.rows)")
                print("review list (names people, mode 0600): \(output)")
            }
        }
    }

    struct SealCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seal",
            abstract: "Sign a sealing manifest of the relief a run decided (and staff decided on review).",
            discussion: """
                One entry per relief decision (dismissAndSeal, reduceToMisdemeanor, reduceToInfraction) of \
                the run, and per needsReview conviction that staff decided for relief in the --reviewed list. \
                Each entry's leaf holds the action, the statute, the effective date (--date), the count \
                reference, the reason codes, who decided (rules or review, with the SHA-256 of the \
                reviewer's note) and a nonce keyed from the secret; the subject's pseudonym stands beside the \
                leaf in the body, never in it. The body binds the input's and the de-identified file's \
                SHA-256, the rule set (id, version, SHA-256), the evaluation and seal dates, the key epoch, \
                normalization and check value, the tool, the signing key's ID, the log origin, the entry \
                count and the RFC 9162 tree root; it is signed as a DSSE envelope (Ed25519).

                Writes into --out: manifest.json (the envelope, mode 0600: it goes to the court and \
                auditors) and checkpoint (the tree's C2SP signed checkpoint, 0644: it may be published). \
                The secret must be the run's (exit 77 otherwise). A review list of another run, a decision on \
                a conviction the rules decided, a decision without a note, or a row the run does not have \
                stops with exit 65. The formats: docs/manifests.md.
                """
        )

        @Option(name: .customLong("run"), help: ArgumentHelp("The folder `sealkit run` wrote.", valueName: "DIR"))
        var runFolder: String

        @Option(help: ArgumentHelp("The office's Ed25519 signing key (PEM, mode 0600).", valueName: "FILE"))
        var key: String

        @Option(help: ArgumentHelp("The pseudonym master secret the run was keyed with.", valueName: "FILE"))
        var secret: String

        @Option(help: ArgumentHelp("The seal date: when the relief asked for takes effect.", valueName: "YYYY-MM-DD"))
        var date: String

        @Option(help: ArgumentHelp("The review list, filled in by staff.", valueName: "FILE"))
        var reviewed: String?

        @Option(
            help: ArgumentHelp(
                "The log's name (no space or +); default sealkit-manifest/<16 hex digits of the root>.",
                valueName: "NAME"
            )
        )
        var origin: String?

        @Option(name: .customLong("out"), help: ArgumentHelp("Output folder.", valueName: "DIR"))
        var output: String

        @Flag(help: "Replace existing output files.")
        var force = false

        func validate() throws {
            guard CalendarDate(iso: date) != nil else { throw ValidationError("--date must be a date YYYY-MM-DD.") }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let summary = try Seal.run(
                    Seal.Request(
                        runFolder: runFolder,
                        signingKey: key,
                        secret: secret,
                        sealDate: CalendarDate(iso: date)!,
                        reviewed: reviewed,
                        origin: origin,
                        output: output,
                        overwrite: force
                    )
                )
                let body = summary.body
                print("entries: \(body.entries.count)")
                for action in SealingAction.allCases {
                    print("  \(action.rawValue): \(summary.byAction[action] ?? 0)")
                }
                print(
                    "needsReview decided on review: \(summary.reviewed); left undecided (not sealed): \(summary.undecided)"
                )
                print("log \(body.origin), root \(Base64.encode(body.root.bytes)), signed by key \(body.signingKeyID)")
                print("manifest: \(summary.manifestPath)")
                print("checkpoint: \(summary.checkpointPath)")
            }
        }
    }

    struct ProveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prove",
            abstract: "Write offline proofs (C2SP tlog-proof) that entries are in a manifest's signed tree.",
            discussion: """
                Verifies the manifest and its checkpoint with the public key first (exit 1 if either fails). \
                Each proof holds the entry's leaf (in `extra`), its index, the RFC 9162 inclusion path and \
                the signed checkpoint, verbatim: check it with `scripts/verify-proof.sh PROOF ENTRY PUBKEY` \
                (POSIX sh and openssl only) or hand it to the person the count is theirs. With --reference, \
                --out is one file; with --all, a POSIX tar archive of one <count reference>.tlog-proof per \
                entry (tar -xf extracts them). Proofs are mode 0600: a leaf names a count reference and \
                its nonce.
                """
        )

        @Option(help: ArgumentHelp("The signed manifest.", valueName: "FILE"))
        var manifest: String

        @Option(help: ArgumentHelp("The office's Ed25519 public key (PEM).", valueName: "FILE"))
        var pubkey: String

        @Option(
            help: ArgumentHelp(
                "The signed checkpoint of the manifest's tree (default: `checkpoint` beside the manifest).",
                valueName: "FILE"
            )
        )
        var checkpoint: String?

        @Option(help: ArgumentHelp("The count reference (c1.e<epoch>.<64 hex>) to prove.", valueName: "REF"))
        var reference: String?

        @Flag(help: "Prove every entry.")
        var all = false

        @Option(
            name: .customLong("out"),
            help: ArgumentHelp("The proof file, or with --all a tar archive of them.", valueName: "PATH")
        )
        var output: String

        @Flag(help: "Replace an existing output.")
        var force = false

        func validate() throws {
            guard (reference != nil) != all else {
                throw ValidationError("give --reference REF or --all (one of them).")
            }
            if let reference, CountReference(text: reference) == nil {
                throw ValidationError("--reference must be a count reference c1.e<epoch>.<64 lower-case hex>.")
            }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let summary = try Prove.run(
                    manifest: manifest,
                    publicKey: pubkey,
                    checkpoint: checkpoint,
                    selection: reference.map { .reference(CountReference(text: $0)!) } ?? .all,
                    output: output,
                    overwrite: force
                )
                print(
                    "proofs: \(summary.proofs), against checkpoint \(summary.checkpoint.origin) size \(summary.checkpoint.size)"
                )
                print("written: \(output)")
            }
        }
    }

    struct CourtListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "court-list",
            abstract: "Write the court's list of a sealing manifest's counts: who, which court and case.",
            discussion: """
                Identified zone. Verifies the manifest with the public key (exit 1 otherwise), checks that the \
                secret is the one its entries were keyed with (its epoch, normalization and check value, and \
                every leaf's nonce: exit 77 or 1 otherwise), reads the DOJ research file again (its SHA-256 \
                must be the manifest's input digest: exit 1 otherwise) and finds each entry's conviction by \
                its count reference and pseudonym (an entry the file does not hold: exit 65). Writes into \
                --out, all or none, mode 0600 (they name people): court-list.csv, one row per entry (court, \
                case number, count, name, date of birth, CII, offense, level, conviction date, the relief \
                asked, the statute, who decided, the leaf index and hash, the count reference), and \
                court-list.html, the same as a printable exhibit grouped by court and case.
                """
        )

        @Option(help: ArgumentHelp("The signed manifest.", valueName: "FILE"))
        var manifest: String

        @Option(help: ArgumentHelp("The office's Ed25519 public key (PEM).", valueName: "FILE"))
        var pubkey: String

        @Option(help: ArgumentHelp("The DOJ research file the manifest was made from.", valueName: "FILE"))
        var input: String

        @Option(help: ArgumentHelp("The pseudonym master secret the manifest was keyed with.", valueName: "FILE"))
        var secret: String

        @Option(name: .customLong("out"), help: ArgumentHelp("Output folder.", valueName: "DIR"))
        var output: String

        @Flag(help: "Replace existing output files.")
        var force = false

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let summary = try CourtList.write(
                    manifest: manifest,
                    publicKey: pubkey,
                    input: input,
                    secret: secret,
                    output: output,
                    overwrite: force
                )
                print("entries: \(summary.body.entries.count) in \(summary.cases) cases of \(summary.courts) courts")
                print(
                    "court's list (names people, mode 0600): \(output)/\(CourtList.csvName), \(output)/\(CourtList.htmlName)"
                )
            }
        }
    }

    struct RulingCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ruling",
            abstract: "Sign the court's ruling on a sealing manifest: what was granted, linked to the request.",
            discussion: """
                Verifies the request manifest with the public key (exit 1 otherwise; a ruling is not a \
                request), then reads the court's order: the order.csv that `court-list` wrote, one row per \
                entry (leaf_index, count_reference, requested_action as written), with ruling (granted, \
                denied or modified), granted_action (for modified: the action granted instead), \
                order_number and order_date filled in. Every entry is ruled on exactly once; the order date \
                is on or after the request's seal date and not after --date. Anything else: exit 65 with the \
                file, line and column. Writes into --out, all or none: ruling.json (a DSSE envelope, \
                payload type application/vnd.sealkit.ruling-manifest+json, mode 0600) with one entry per \
                granted or modified count, each effective on its order's date, the denied entries by index, \
                and the SHA-256 of the request's bytes; and checkpoint, the signed checkpoint of its tree. \
                Redaction applies ruling manifests only.
                """
        )

        @Option(help: ArgumentHelp("The request manifest the court ruled on.", valueName: "FILE"))
        var manifest: String

        @Option(help: ArgumentHelp("The public key the request verifies with (PEM).", valueName: "FILE"))
        var pubkey: String

        @Option(help: ArgumentHelp("The court's order (court-list's order.csv, filled in).", valueName: "FILE"))
        var order: String

        @Option(help: ArgumentHelp("The office's Ed25519 signing key (PEM, mode 0600).", valueName: "FILE"))
        var key: String

        @Option(help: ArgumentHelp("The date the office signs the ruling.", valueName: "YYYY-MM-DD"))
        var date: String

        @Option(
            help: ArgumentHelp(
                "The log's name (no space or +); default sealkit-ruling/<16 hex digits of the root>.",
                valueName: "NAME"
            )
        )
        var origin: String?

        @Option(name: .customLong("out"), help: ArgumentHelp("Output folder.", valueName: "DIR"))
        var output: String

        @Flag(help: "Replace existing output files.")
        var force = false

        func validate() throws {
            guard CalendarDate(iso: date) != nil else { throw ValidationError("--date must be a date YYYY-MM-DD.") }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let summary = try Ruling.run(
                    manifest: manifest,
                    publicKey: pubkey,
                    order: order,
                    signingKey: key,
                    date: CalendarDate(iso: date)!,
                    origin: origin,
                    output: output,
                    overwrite: force
                )
                print("granted: \(summary.granted); modified: \(summary.modified); denied: \(summary.denied)")
                print("ruling entries: \(summary.body.entries.count), log \(summary.body.origin)")
                print("ruling: \(summary.manifestPath)")
                print("checkpoint: \(summary.checkpointPath)")
            }
        }
    }

    struct AuditCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Re-derive a request manifest's automatic decisions from the de-identified file and rules.",
            discussion: """
                Needs no secret. Verifies the request manifest with the public key and binds it to the \
                de-identified file, as `verify --deidentified` does; the rule set (--rules) must be the one the \
                manifest names (id, version, SHA-256). Then decides every conviction of the file under it, \
                with the manifest's county scope, and reports: each entry the rules do not produce \
                (notProduced), each entry whose action or subject differs from the rules' decision \
                (differs), each relief decision no entry holds (missing), and every entry staff decided on \
                review, which must be a needsReview conviction. Prints the counts, the reviewed entries and \
                the findings (by leaf index and count reference, never an identity). Exit 0 when there is no \
                finding; exit 1 otherwise, or when the manifest does not verify or is a ruling.
                """
        )

        @Option(help: ArgumentHelp("The request manifest.", valueName: "FILE"))
        var manifest: String

        @Option(help: ArgumentHelp("The office's Ed25519 public key (PEM).", valueName: "FILE"))
        var pubkey: String

        @Option(help: ArgumentHelp("The de-identified file the manifest was made from.", valueName: "FILE"))
        var deidentified: String

        @Option(
            help: ArgumentHelp(
                "The rule set the manifest names: a shipped name or a rule file.",
                valueName: "NAME|FILE"
            )
        )
        var rules: String

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let ruleSet = try RuleSets.load(rules)
                let report = try Audit.run(
                    manifest: manifest,
                    publicKey: pubkey,
                    deidentified: deidentified,
                    ruleSet: ruleSet
                )
                let body = report.body
                print("manifest: \(body.entries.count) entries, rule set \(body.ruleSetID) \(body.ruleSetVersion)")
                print(
                    "relief decisions of the rules: \(report.reliefDecisions); automatic entries that are theirs: "
                        + "\(report.automaticMatched)"
                )
                print("entries decided on review (each a needsReview conviction): \(report.reviewed.count)")
                for entry in report.reviewed {
                    print("  reviewed: leaf \(entry.leafIndex) \(entry.reference) \(entry.action.rawValue)")
                }
                for finding in report.findings {
                    let leaf = finding.leafIndex.map { "leaf \($0) " } ?? ""
                    print("  \(finding.kind.rawValue): \(leaf)\(finding.reference): \(finding.detail)")
                }
                guard report.findings.isEmpty else {
                    throw SealKitError(
                        .verificationFailed,
                        "\(manifest): the audit found \(report.findings.count) entries or decisions the rules and the "
                            + "manifest disagree on (listed above)"
                    )
                }
                print(
                    "audit passed: every automatic entry is the rules' decision, and every relief decision is an entry"
                )
            }
        }
    }
}
