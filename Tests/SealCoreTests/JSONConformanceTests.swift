import Foundation
import SealCore
import TestSupport
import Testing

@Suite("SealCore: the strict JSON reader against its conformance corpus")
struct JSONConformanceTests {
    /// The corpus's files: name and bytes.
    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        let folder = TestSupport.fixture("json-conformance")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        return try names.sorted().map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    @Test("every y_ case is read and every n_ case is refused with a place; the corpus keeps its size")
    func corpusCases() throws {
        var accepted = 0
        var refused = 0
        for (name, bytes) in try Self.corpus() {
            let outcome = Result { () throws(JSONError) in try JSONValue.parse(bytes) }
            if name.hasPrefix("y_") {
                if case .failure(let error) = outcome { Issue.record("\(name) refused: \(error)") }
                accepted += 1
            } else if name.hasPrefix("n_") {
                switch outcome {
                case .success: Issue.record("\(name) was read")
                case .failure(let error):
                    #expect(error.line >= 1 && error.column >= 1, "\(name)")
                }
                refused += 1
            } else {
                Issue.record("\(name): a corpus file is y_ or n_")
            }
        }
        // Counted, so that a case lost from the corpus is noticed.
        #expect(accepted == 59)
        #expect(refused == 92)
    }

    @Test("skipping a value is exactly as strict as reading it: the same cases read, the same refused")
    func skipIsAsStrict() throws {
        var cases = 0
        for (name, bytes) in try Self.corpus() {
            let read = (try? JSONValue.parse(bytes)) != nil
            let skipped = (try? JSONReader.read(bytes) { (reader) throws(JSONError) in try reader.skipValue() }) != nil
            #expect(read == skipped, "\(name)")
            cases += 1
        }
        // Duplicate keys at any depth are refused by both; an escaped spelling of a key is the same key.
        for text in [#"{"a":1,"a":2}"#, #"[{"b":{"c":1,"c":1}}]"#, #"{"k":1,"\u006b":2}"#] {
            #expect(
                (try? JSONReader.read(Array(text.utf8)) { (reader) throws(JSONError) in try reader.skipValue() }) == nil
            )
        }
        #expect(cases == 151)
    }
}
