import CriminalRecords
import Deidentified
package import Pseudonymization
package import SealCore
import SealCrypto

/// A conviction as the office's staff and the court know it: who, which court and case, which count.
/// Identified data: it is written only to files of mode 0600 in the identified zone (the review list,
/// the court's list), never to an error or a log line.
package struct IdentifiedCount: Sendable {
    /// PRI_NAME, as the file holds it.
    package let name: String
    /// The date of birth (`YYYY-MM-DD`, `YYYY-MM-DD to YYYY-MM-DD` when the file gives only a year or
    /// a month, or `unknown`).
    package let dateOfBirth: String
    /// CII_NUMBER, as the file holds it.
    package let cii: String
    /// The court of the conviction row: STP_ORI_CODE and STP_ORI_DESCR.
    package let courtCode: String
    /// (Its name.)
    package let court: String
    /// The case numbers of the count, `; `-separated.
    package let caseNumbers: String
    /// The count's number within its court event (CNT_ORDER's last three digits), or empty.
    package let count: String
    /// The offense as coded (`HS 11360(a)`), or its description when it has no code section.
    package let section: String
    /// `felony`, `misdemeanor`, `infraction`, or `unknown`.
    package let level: String
    /// The conviction date, as the date of birth.
    package let convictionDate: String
}

/// The identified-zone read behind the review list and the court's list: the DOJ file read again,
/// each subject re-keyed with the master secret, and the convictions a caller selects by their keyed
/// values listed with who they are.
package enum IdentifiedCounts {
    /// Reads the research file at `input`, which must be the one the run was made from (its SHA-256,
    /// computed as it is read, `expectedSHA256`), and returns the identified facts of each
    /// conviction `select` picks (by the subject's keys and the conviction's index), under the key it
    /// returns.
    ///
    /// - Throws: ``SealKitError/Code/verificationFailed`` (exit 1) when the file is another one;
    ///   ``SealKitError/Code/badInputData`` when two convictions get one key (the file cannot say
    ///   which is meant) or the file is unreadable; the reader's errors as elsewhere.
    package static func collect<Key: Hashable>(
        input: String,
        expectedSHA256: String,
        evaluationDate: CalendarDate,
        references: KeyedReferences,
        select: (KeyedReferences.SubjectKeys, Int) -> Key?
    ) throws(SealKitError) -> [Key: IdentifiedCount] {
        var options = DOJReadOptions()
        // Rows a run set aside with --rejects are set aside again (the digest proves the same file).
        options.collectRejects = true
        options.referenceDate = evaluationDate
        let reader = DOJResearchFileReader(path: input, options: options)
        let builder = SubjectBuilder(referenceDate: evaluationDate)
        var found: [Key: IdentifiedCount] = [:]
        var hasher: SHA256
        do {
            hasher = try SHA256()
        } catch {
            throw SealKitError(.ioError, "\(input): hashing failed: \(error)")
        }
        var hashFailed = false
        do {
            _ = try reader.readRows(
                restart: {
                    found.removeAll()
                    hasher = try SHA256()
                },
                input: { bytes in
                    do {
                        try hasher.update(bufferPointer: bytes)
                    } catch {
                        hashFailed = true
                    }
                },
                rows: { rows in
                    let subject = builder.build(rows)
                    let keys = try references.keys(of: subject)
                    for index in subject.convictions.indices {
                        guard let key = select(keys, index) else { continue }
                        guard found[key] == nil else {
                            throw SealKitError(
                                .badInputData,
                                "\(input): line \(subject.convictions[index].line): two convictions of the file have the "
                                    + "keyed reference of one decision; the file cannot say which is meant"
                            )
                        }
                        found[key] = identified(subject, index, rows: rows)
                    }
                }
            )
        } catch let error as DOJReadError {
            throw DOJFiles.error(error, path: input)
        } catch let error as SealKitError {
            throw error
        } catch {
            throw SealKitError(.ioError, "\(input): \(error)")
        }
        let digest: String
        do {
            guard !hashFailed else { throw SealKitError(.ioError, "\(input): hashing failed") }
            digest = try hasher.finalize().hexString
        } catch let error as SealKitError {
            throw error
        } catch {
            throw SealKitError(.ioError, "\(input): hashing failed: \(error)")
        }
        guard digest == expectedSHA256 else {
            throw SealKitError(
                .verificationFailed,
                "\(input): not the research file the run was made from (its SHA-256 is \(digest), the run "
                    + "records \(expectedSHA256))"
            )
        }
        return found
    }

    private static func identified(_ subject: SubjectHistory, _ index: Int, rows: SubjectRows) -> IdentifiedCount {
        let conviction = subject.convictions[index]
        let court = rows.court(ofRowAt: conviction.rowIndex) ?? ("", "")
        return IdentifiedCount(
            name: subject.identity.name.revealedText,
            dateOfBirth: text(subject.dateOfBirth.revealed),
            cii: subject.identity.ciiNumber.revealedText,
            courtCode: court.code,
            court: court.name,
            caseNumbers: conviction.caseNumbers.map(\.revealedText).joined(separator: "; "),
            count: conviction.countOrder.map { String($0.count) } ?? "",
            section: conviction.offense.section?.description ?? conviction.offense.descriptionText ?? "",
            level: conviction.level?.rawValue ?? "unknown",
            convictionDate: text(conviction.date)
        )
    }

    private static func text(_ date: DateValue) -> String {
        switch date {
        case .exact(let day): day.description
        case .range(let low, let high): "\(low) to \(high)"
        case .unknown: "unknown"
        }
    }
}
