import ArgumentParser
import SealCore
import SealKit

extension SealKitCommand {
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Generate a signing key pair and a pseudonym master secret.",
            discussion: """
                Writes three files into DIR (created with mode 0700 if missing):
                  signing.key.pem   Ed25519 private key, unencrypted PKCS#8 PEM, mode 0600
                  signing.pub.pem   Ed25519 public key, SubjectPublicKeyInfo PEM, mode 0644
                  pseudonym.secret  32 random bytes, sealkit-pseudonym-secret v1 text, mode 0600

                All three are written to temporary files and put in place as one set through a commit \
                journal: a failed run leaves none of them, nor the folders it created, and a killed one is \
                completed or undone by the next sealkit command writing to DIR (README, "Output sets"). \
                If any of the three exists, nothing is written unless --force is given.

                Prints the signing key ID (lower-case hex SHA-256 of the public key's DER) and the master \
                secret's check value on standard output. Never prints or logs secret material.
                """
        )

        @Option(name: .customLong("out"), help: ArgumentHelp("Folder to write the keys into.", valueName: "DIR"))
        var directory: String

        @Option(help: "Key epoch of the pseudonym master secret: 1 for the first, one more at each rotation.")
        var epoch: Int = 1

        @Flag(help: "Replace existing key files. The old keys are lost.")
        var force = false

        func validate() throws {
            guard (1...999_999).contains(epoch) else {
                throw ValidationError("--epoch must be a number from 1 to 999999.")
            }
            guard !directory.isEmpty else {
                throw ValidationError("--out must name a folder.")
            }
        }

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                let keys = try KeySet.generate(epoch: epoch)
                let summary = try keys.summary
                let paths = try keys.write(to: directory, overwrite: force)
                for path in paths {
                    printError("wrote \(path)")
                }
                print("signing key ID: \(summary.signingKeyID)")
                print("pseudonym secret check value: \(summary.masterSecretCheckValue) (epoch \(summary.epoch))")
            }
        }
    }
}
