import ArgumentParser
import SealCore

@main
struct SealKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sealkit",
        abstract: "Prop 64 record clearance that protects the people in the data.",
        discussion: """
            SealKit reads the California DOJ research file, replaces identities with keyed pseudonyms \
            and decides relief on de-identified records, with a county report, and verifies signed sealing \
            manifests. Writing them (seal), the redaction of background-check views and research \
            releases come in later versions. \
            Results go to standard output; errors and progress to standard error.

            Exit codes:
              0   success
              1   verification failed (verify: a signature, digest or binding does not hold)
              64  usage error
              65  bad input data (malformed key file, secret file or input)
              66  input missing or unreadable
              73  cannot create output (or it exists and --force was not given)
              74  I/O error
              77  key file permissions too open, a secret key file that is not a regular file
                  owned by the user, or a key of the wrong type, encrypted or too short
            """,
        version: "0.1.0",
        subcommands: [
            Keygen.self, KeyIDCommand.self, Generate.self, Inspect.self, PseudonymizeCommand.self, EvaluateCommand.self,
            RunCommand.self, ReviewListCommand.self, SealCommand.self, CourtListCommand.self, RulingCommand.self,
            ProveCommand.self, AuditCommand.self,
            VerifyCommand.self,
        ]
    )
}
