import ArgumentParser
import SealCore
import SealKit

extension SealKitCommand {
    struct KeyIDCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key-id",
            abstract: "Print the key ID of an Ed25519 public or private key file.",
            discussion: """
                The key ID is the lower-case hex SHA-256 of the public key's DER SubjectPublicKeyInfo, the \
                same as: openssl pkey -pubin -in PUB.pem -outform DER | openssl dgst -sha256

                A private key file is checked like every secret: it must be a regular file with no access \
                for group or others (mode 0600 or 0400), or the command fails with exit code 77. Prints \
                the key ID alone on standard output.
                """
        )

        @Argument(
            help: ArgumentHelp("Public (signing.pub.pem) or private (signing.key.pem) key file.", valueName: "FILE")
        )
        var file: String

        func run() throws {
            try reportingErrors { () throws(SealKitError) in
                print(try KeyFiles.keyID(ofFileAt: file))
            }
        }
    }
}
