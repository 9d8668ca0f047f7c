import CCurl

/// One request on its way through libcurl: the easy handle, its options and what has arrived.
///
/// Lives only on the driver's thread, from `curl_multi_add_handle` until the transfer is done;
/// libcurl's callbacks reach it through an unretained pointer, which is safe because the
/// driver's `transfers` table keeps it alive for exactly that span.
final class CurlTransfer {
    let id: UInt64
    let method: String
    let url: String
    let continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>
    /// The `CURL *` easy handle, owned: cleaned up in `deinit`.
    let easy: UnsafeMutableRawPointer

    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes a detailed message here on failure ("Failed to connect to … port …").
    private let errorBuffer: UnsafeMutablePointer<CChar>
    fileprivate var body: [UInt8] = []
    fileprivate var headers: [String: String] = [:]

    /// Creates and configures the easy handle for `job`.
    ///
    /// - Throws: `HTTPError` with `.invalidRequest` when the request cannot be expressed to
    ///   libcurl (a header with a line break, a NUL in the URL, an option libcurl rejects).
    init(_ job: CurlMultiDriver.Job, caBundlePath: String?) throws(HTTPError) {
        guard let easy = curl_easy_init() else {
            throw HTTPError(.invalidRequest("curl_easy_init failed (out of memory)"),
                            method: job.request.method, url: job.request.url)
        }
        self.id = job.id
        self.method = job.request.method
        self.url = job.request.url
        self.continuation = job.continuation
        self.easy = easy
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try configure(job.request)
        if let caBundlePath { try set(CURLOPT_CAINFO, caBundlePath) }
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// The response, or the error libcurl reported with `code`.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            let detail = String(cString: errorBuffer)
            return .failure(HTTPError(.curl(code: Int(code.rawValue), message: message, detail: detail),
                                      method: method, url: url))
        }
        var status = 0
        _ = gantry_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: headers, body: body))
    }

    // MARK: - Options

    private func configure(_ request: HTTPRequest) throws(HTTPError) {
        guard !request.url.contains("\0") else { throw invalid("the URL contains a NUL byte") }
        try set(CURLOPT_URL, request.url)
        // Signals and multithreading do not mix; timeouts still work (libcurl uses its own clock).
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_TIMEOUT_MS, max(1, Int(request.timeoutSeconds * 1000)))
        try check(gantry_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
        try set(CURLOPT_ACCEPT_ENCODING, "")          // advertise gzip/deflate; libcurl decodes
        if request.header("User-Agent") == nil { try set(CURLOPT_USERAGENT, "gantry") }
        // TLS verification and the HTTPS_PROXY / NO_PROXY environment are libcurl's defaults;
        // nothing here turns them off.

        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(gantry_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteBody), CURLOPT_WRITEFUNCTION)
        try check(gantry_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context), CURLOPT_WRITEDATA)
        try check(gantry_curl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader), CURLOPT_HEADERFUNCTION)
        try check(gantry_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context), CURLOPT_HEADERDATA)

        try configureMethod(request)
        try configureHeaders(request)
    }

    private func configureMethod(_ request: HTTPRequest) throws(HTTPError) {
        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            try set(CURLOPT_HTTPGET, 1)
        case "HEAD":
            try set(CURLOPT_NOBODY, 1)
        default:
            if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
                // The size first, so COPYPOSTFIELDS copies exactly that many bytes (NULs included).
                try check(gantry_curl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)),
                          CURLOPT_POSTFIELDSIZE_LARGE)
                let code = request.body.withUnsafeBytes { bytes in
                    // An empty body still needs a valid pointer.
                    "".withCString { empty in
                        gantry_curl_easy_setopt_pointer(
                            easy, CURLOPT_COPYPOSTFIELDS,
                            UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(empty)))
                    }
                }
                try check(code, CURLOPT_COPYPOSTFIELDS)
            }
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
        }
    }

    private func configureHeaders(_ request: HTTPRequest) throws(HTTPError) {
        var lines: [String] = []
        for (name, value) in request.headers {
            // Scalars, not Characters: "\r\n" is one Character and would slip past a Character test.
            guard !name.isEmpty, !(name + value).unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw invalid("header '\(name)' contains a line break or NUL")
            }
            lines.append("\(name): \(value)")
        }
        // libcurl waits up to a second for "100 Continue" before sending a large body; APIs
        // and collectors answer directly, so do not ask.
        if request.header("Expect") == nil { lines.append("Expect:") }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw invalid("curl_slist_append failed (out of memory)")
            }
            headerList = appended
        }
        try check(gantry_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER)
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPError) {
        try check(gantry_curl_easy_setopt_long(easy, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPError) {
        // libcurl copies string options, so the temporary C string may go away afterwards.
        let code = value.withCString { gantry_curl_easy_setopt_string(easy, option, $0) }
        try check(code, option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        throw invalid("curl_easy_setopt(\(option.rawValue)) failed: \(String(cString: curl_easy_strerror(code)))")
    }

    private func invalid(_ reason: String) -> HTTPError {
        HTTPError(.invalidRequest(reason), method: method, url: url)
    }

    // MARK: - Callbacks

    fileprivate func receiveHeader(_ line: String) {
        let trimmed = line.trimmingLineEnd()
        if trimmed.hasPrefix("HTTP/") {
            // A new status line (after a 1xx or a redirect): earlier headers belong to it.
            headers = [:]
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingSpaces()
        if let existing = headers[name] {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
    }
}

/// `CURLOPT_WRITEFUNCTION`: appends body bytes to the transfer.
private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                           _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let length = size * count
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// `CURLOPT_HEADERFUNCTION`: one header line at a time, not NUL-terminated.
private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                             _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let length = size * count
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeader(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
    return length
}

private extension StringProtocol {
    func trimmingLineEnd() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == "\r" || last == "\r\n" { s.removeLast() }
        return String(s)
    }

    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }
}
