import ArgumentParser
import Manifest
import SealCore
import SealKit

extension SealKitCommand {
    struct VerifyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify a signed sealing manifest (a request or a ruling) with a public key.",
            discussion: """
                Checks every layer on the bytes the one before gave it: the DSSE envelope (strict JSON, \
                canonical base64), its Ed25519 signature by the given public key (the signature must name \
                that key's ID), the payload type, the body (strict, and exactly its RFC 8785 canonical \
                form), the signing key the body names, and the root and size of its entries' RFC 9162 \
                tree. With --deidentified, also that the manifest was made from that file: its SHA-256, \
                and its header's input digest, normalization, key epoch, master check value and \
                evaluation date. With --run (the folder `sealkit run` wrote), its deidentified.jsonl \
                is that file, and its summary.json must name the manifest's rule set (id, version, \
                SHA-256), county, evaluation date and input digest. Takes a request or a ruling and says \
                which. Needs no secret.

                Exit 0 and a summary line when everything holds; exit 1 and the first failure otherwise. \
                The formats: docs/manifests.md.
                """
        )

        @Option(help: ArgumentHelp("The signed manifest (a DSSE envelope).", valueName: "FILE"))
        var manifest: String

        @Option(help: ArgumentHelp("The office's Ed25519 public key (PEM).", valueName: "FILE"))
        var pubkey: String

        @Option(help: ArgumentHelp("The de-identified file the manifest must have been made from.", valueName: "FILE"))
        var deidentified: String?

        @Option(
            name: .customLong("run"),
            help: ArgumentHelp("The folder `sealkit run` wrote, which the manifest must come from.", valueName: "DIR")
        )
        var runFolder: String?

        func validate() throws {
            if runFolder != nil && deidentified != nil {
                throw ValidationError("give --run or --deidentified, not both (--run checks its deidentified.jsonl)")
            }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let summary: VerifyManifest.Summary
                if let runFolder {
                    summary = try VerifyManifest.run(manifest: manifest, publicKey: pubkey, runFolder: runFolder)
                } else {
                    summary = try VerifyManifest.run(manifest: manifest, publicKey: pubkey, deidentified: deidentified)
                }
                let body = summary.body
                let source =
                    runFolder.map { ", made from the run in \($0)" } ?? deidentified.map { ", made from \($0)" } ?? ""
                let ruling =
                    body.request.map {
                        "a ruling on the request \($0.manifestSHA256) (\(body.entries.count) of its \($0.size) entries "
                            + "granted or modified, \(body.denied.count) denied); "
                    } ?? "a request; "
                print(
                    "verified: " + ruling
                        + "\(body.entries.count) entries, log \(body.origin), signed \(body.sealDate), "
                        + "rule set \(body.ruleSetID) \(body.ruleSetVersion), signed by key \(body.signingKeyID)"
                        + source
                )
            }
        }
    }
}
