import Testing
import GantryBasics

@Suite struct UnitTests {
    @Test(arguments: [
        ("24TiB", Int64(24) << 40), ("500GB", 500_000_000_000), ("1.5TiB", (Int64(3) << 40) / 2),
        ("512 GiB", Int64(512) << 30), ("1_000GiB", Int64(1000) << 30), ("0B", 0), ("1.1TB", 1_100_000_000_000),
    ])
    func sizesParse(_ text: String, _ bytes: Int64) throws {
        #expect(try ByteSize.parse(text).get().bytes == bytes)
    }

    @Test func sizeErrorsExplainTheFix() {
        guard case .failure(let missing) = ByteSize.parse("24") else { Issue.record("parsed"); return }
        #expect(missing.message == "size '24' has no unit")
        #expect(missing.hint == "write 24GiB or 24TiB")
        guard case .failure(let typo) = ByteSize.parse("24Tib") else { Issue.record("parsed"); return }
        #expect(typo.hint == "did you mean 'TiB'?")
        guard case .failure(let fraction) = ByteSize.parse("0.5B") else { Issue.record("parsed"); return }
        #expect(fraction.message.contains("not a whole number of bytes"))
        guard case .failure = ByteSize.parse("99999999PiB") else { Issue.record("overflow parsed"); return }
    }

    @Test func sizesPrintInTheirLargestExactUnit() {
        #expect(ByteSize(bytes: 24 << 40).description == "24TiB")
        #expect(ByteSize(bytes: 1536 << 30).description == "1536GiB")
        #expect(ByteSize(bytes: 500_000_000_000).description == "500GB")
        #expect(ByteSize(bytes: 1001).description == "1001B")
    }

    @Test(arguments: [("30d", Int64(2_592_000)), ("12h", 43_200), ("3y", 94_608_000), ("2w", 1_209_600),
                      ("90s", 90), ("1.5h", 5400), ("15m", 900)])
    func durationsParse(_ text: String, _ seconds: Int64) throws {
        #expect(try TimeSpan.parse(text).get().seconds == seconds)
    }

    @Test func durationErrorsAndPrinting() {
        guard case .failure(let e) = TimeSpan.parse("30days") else { Issue.record("parsed"); return }
        #expect(e.message == "unknown duration unit 'days' in '30days'")
        #expect(TimeSpan(seconds: 86_400 * 30).description == "30d")
        #expect(TimeSpan(seconds: 5400).description == "90m")
    }

    @Test(arguments: [("$12.50", Int64(12_500_000)), ("$900", 900_000_000), ("12.5 USD", 12_500_000),
                      ("$0.000125", 125)])
    func moneyParses(_ text: String, _ micros: Int64) throws {
        #expect(try Money.parse(text).get().microdollars == micros)
    }

    @Test func moneyErrorsAndPrinting() {
        guard case .failure(let e) = Money.parse("12 EUR") else { Issue.record("parsed"); return }
        #expect(e.message == "unknown currency 'EUR' in '12 EUR'")
        guard case .failure(let bare) = Money.parse("12") else { Issue.record("parsed"); return }
        #expect(bare.hint == "write $12")
        #expect(Money(microdollars: 98_320_000).description == "$98.32")
        #expect(Money(microdollars: 125).description == "$0.000125")
        #expect(Money.dollars(-3, cents: 0).description == "-$3.00")
    }
}
