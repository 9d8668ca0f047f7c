import Testing
import GantryBasics

@Suite struct RedactionTests {
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(SHA256.hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // RFC 4231 test case 2.
        #expect(SHA256.hex(SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func storedAttributesNeverHoldTheSecret() throws {
        let attributes: Value = ["name": "db", "password": "hunter2",
                                 "auth": ["token": "s3cret", "user": "ops"],
                                 "keys": [["key": "k1"], ["key": "k2"]]]
        let stored = Redaction.redact(attributes.objectValue ?? [:],
                                      paths: ["password", "auth.token", "keys.*.key", "missing.path"])
        let text = try JSON.encode(.object(stored))
        for secret in ["hunter2", "s3cret", "k1", "k2"] { #expect(!text.contains(secret)) }
        #expect(stored["name"] == "db")
        #expect(stored["auth"]?["user"] == "ops")
        #expect(stored["password"] == Redaction.digest("hunter2"))
        #expect(Redaction.isDigest(stored["password"] ?? nil))
        // Redacting again changes nothing, so writers can redact on every write.
        #expect(Redaction.redact(stored, paths: ["password", "auth.token", "keys.*.key"]) == stored)
    }

    @Test func digestsAreCanonical() {
        let a: Value = ["x": 1, "y": [true, "z"]]
        let b: Value = ["y": [true, "z"], "x": 1]
        #expect(Redaction.digest(a) == Redaction.digest(b))
        #expect(Redaction.digest(1) != Redaction.digest(1.0))
    }

    @Test func maskShowsThePlaceholder() {
        let shown = Redaction.mask(["password": "hunter2", "users": [["pw": "a"]]], paths: ["password", "users.0.pw"])
        #expect(shown["password"] == .string(Redaction.placeholder))
        #expect(shown["users"] == [["pw": "(sensitive)"]])
    }
}
