import Foundation
import Testing

@testable import SealCore

@Suite("Base64: RFC 4648 standard alphabet, padded, one text per byte string")
struct Base64Tests {
    @Test("RFC 4648's test vectors, and random bytes as Foundation writes them, both ways")
    func vectors() {
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64.encode(bytes)
            #expect(text == Data(bytes).base64EncodedString())
            #expect(Base64.decode(text) == bytes)
        }
    }

    @Test(
        "anything but the one canonical text is refused",
        arguments: [
            "Zg", "Zg=", "Zh==", "Zm9=", "Zm8", "Z===", "====", "Zg==Zg==", "Zm9v\\n", " Zm9v", "Zm 9v", "Zm9v=",
            "Zm-v", "Zm_v", "Zm9vYmFy\\r\\n", "Zg=a", "=Zg=",
        ]
    )
    func refused(text: String) {
        let text = text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\r", with: "\r")
        #expect(Base64.decode(text) == nil, "\(text)")
    }
}
