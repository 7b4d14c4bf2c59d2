/// A value from an identity column (names, SSN, CII, DOB text, CDL, FBI number), a linking number
/// (OFN, court case number) or free text (comments).
///
/// It prints as `<redacted>` in every form (`description`, `debugDescription`, `dump`), so a stray
/// string interpolation in an error or a log line cannot leak a person's identity. Code that really
/// needs the value (the pseudonymizer's normalizer) asks for ``revealedBytes`` or ``revealedText``
/// by name, which a reviewer can grep for.
package struct IdentityValue: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let bytes: [UInt8]

    package init(_ bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// The raw bytes, exactly as in the file.
    package var revealedBytes: [UInt8] { bytes }

    /// The raw text, exactly as in the file.
    package var revealedText: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the value is empty after trimming spaces (or is the generator's `  -  ` filler).
    package var isBlank: Bool {
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
        return trimmed.isEmpty || Array(trimmed) == [UInt8(ascii: "-")]
    }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// Any value from an identity column that is not text (the date of birth), printed as `<redacted>`.
///
/// Read it through ``revealed``, by name.
package struct Protected<Value: Sendable & Hashable>: Hashable, Sendable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    package let revealed: Value

    package init(_ value: Value) {
        revealed = value
    }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
