import CriminalRecords
import Deidentified
import Eligibility
import Foundation
import Pseudonymization
import SealCore
import SealCrypto
import TestSupport

/// One subject's rows for a worked example, written in the reference's terms (prop64-rules.md, Part G):
/// every conviction a felony in LOS ANGELES with its own court case, CYC_DATE a month before, no
/// sentence, unless the example says otherwise.
struct ExampleSubject {
    var dob: String
    var rows: [DOJRowBuilder] = []
    private var nextCycle = 1

    init(dob: String) {
        self.dob = dob
    }

    /// A month before `date` (`YYYYMMDD`), or "" for a date that is not a full date.
    static func monthBefore(_ date: String) -> String {
        guard date.count == 8,
            let value = CalendarDate(iso: "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.suffix(2))")
        else { return "" }
        let earlier = value.adding(months: -1)
        return String(format: "%04d%02d%02d", earlier.year, earlier.month, earlier.day)
    }

    /// Adds a conviction (one row per sentence part; the first part on the first row). Returns its cycle.
    @discardableResult
    mutating func conviction(
        _ charge: String,
        _ date: String,
        level: String = "FELONY",
        cycDate: String? = nil,
        sentence: [(location: String, length: String, unit: String)] = [],
        cycle: Int? = nil,
        count: Int = 1,
        comment: String = ""
    ) -> Int {
        let cycle = cycle ?? nextCycle
        nextCycle = max(nextCycle, cycle + 1)
        let parts = sentence.isEmpty ? [(location: "", length: "", unit: "")] : sentence
        for part in parts {
            var row = DOJRowBuilder(subject: "", dob: dob)
            row[.cntOrder] = String(format: "%03d001%03d000", cycle, count)
            row[.stpEventDate] = date
            row[.cycDate] = cycDate ?? Self.monthBefore(date)
            row[.stpTypeDescr] = "COURT ACTION"
            row[.dispDescr] = part.location.isEmpty ? "CONVICTED" : "CONVICTED-\(part.location)"
            row[.convStatDescr] = level
            row[.offenseDescr] = charge
            row[.commentText] = comment
            row[.sentLocDescr] = part.location
            row[.sentLength] = part.length
            row[.sentTimeCode] = part.unit
            rows.append(row)
        }
        return cycle
    }

    /// X(date): a felony `10851(A) VC` conviction with `JAIL 30 D`.
    mutating func other(_ date: String) {
        conviction("10851(A) VC-TAKE VEHICLE W/O OWNER CONSENT", date, sentence: [("JAIL", "30", "D")])
    }

    /// A step of another type (REGISTRATION, DECEASED).
    mutating func step(_ type: String, _ date: String, offense: String = "") {
        var row = DOJRowBuilder(subject: "", dob: dob)
        row[.cntOrder] = String(format: "%03d001001000", nextCycle)
        nextCycle += 1
        row[.stpEventDate] = date
        row[.cycDate] = date
        row[.stpTypeDescr] = type
        row[.offenseDescr] = offense
        rows.append(row)
    }
}

/// Runs DOJ rows through the reader and the pseudonymizer (published test master secret).
enum Pipeline {
    static let master = try! MasterSecret(
        bytes: SecureBytes(Array(0..<32).map { UInt8($0) }),
        epoch: 1
    )

    /// The de-identified subjects of `subjects` (SUBJECT_IDs 10000001, …), in input order.
    static func deidentify(_ subjects: [ExampleSubject], evaluationDate: String) throws -> [DeidentifiedSubject] {
        var rows: [DOJRowBuilder] = []
        for (index, subject) in subjects.enumerated() {
            for var row in subject.rows {
                row[.subjectId] = String(10_000_001 + index)
                row[.ciiNumber] = String(format: "A%08d", 10_000_001 + index)
                rows.append(row)
            }
        }
        let folder = try TemporaryDirectory()
        let path = try folder.write("doj.csv", Array(DOJText.file(rows).utf8))
        let date = CalendarDate(iso: evaluationDate)!
        var options = DOJReadOptions()
        options.referenceDate = date
        let pseudonymizer = try Pseudonymizer(keys: PurposeKeys(master: master), evaluationDate: date)
        var histories: [SubjectHistory] = []
        _ = try DOJResearchFileReader(path: path, options: options).read(
            rejected: { _ in },
            restart: { histories.removeAll() },
            subject: { histories.append($0) }
        )
        return try histories.map { try pseudonymizer.deidentify($0) }
    }
}
