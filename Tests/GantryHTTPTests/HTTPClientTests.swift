import Foundation
import Testing
@testable import GantryHTTP

@Suite struct HTTPClientTests {
    /// Answers `/hang` never, `/echo` with the request body, anything else with its path.
    static func makeServer() throws -> LoopbackServer {
        try LoopbackServer { request in
            switch request.path {
            case "/hang":
                return nil
            case "/echo":
                return .init(status: 201, headers: [("Content-Type", "application/octet-stream"), ("X-Method", request.method)],
                             body: request.body)
            default:
                return .init(headers: [("X-Test", "a"), ("X-Test", "b")], body: Array("path \(request.path)".utf8))
            }
        }
    }

    @Test func getReturnsStatusLowercasedHeadersAndBody() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let response = try await HTTPClient.shared.send(HTTPRequest(url: server.url + "/hello"))
        #expect(response.status == 200)
        #expect(response.text == "path /hello")
        #expect(response.headers["x-test"] == "a, b")
        #expect(response.headers["content-length"] == "11")
        #expect(server.requests.first?.method == "GET")
        #expect(server.requests.first?.headers["user-agent"] == "gantry")
    }

    @Test func postSendsTheBodyAndHeaders() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        // Binary, with a NUL, and larger than curl's 100-continue threshold.
        let body = [UInt8](repeating: 7, count: 5000) + [0, 1, 2]
        let request = HTTPRequest(method: "POST", url: server.url + "/echo",
                                  headers: [("Content-Type", "application/octet-stream"), ("X-Trace", "1")], body: body)
        let response = try await HTTPClient.shared.send(request)
        #expect(response.status == 201)
        #expect(response.body == body)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.headers["x-trace"] == "1")
        #expect(received.headers["expect"] == nil)
    }

    @Test func putAndDeleteUseTheirMethods() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let put = try await HTTPClient.shared.send(HTTPRequest(method: "PUT", url: server.url + "/echo", body: Array("x".utf8)))
        #expect(put.headers["x-method"] == "PUT")
        #expect(put.text == "x")
        let delete = try await HTTPClient.shared.send(HTTPRequest(method: "DELETE", url: server.url + "/echo"))
        #expect(delete.headers["x-method"] == "DELETE")
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let url = server.url + "/hang"
        do {
            _ = try await HTTPClient.shared.send(HTTPRequest(url: url, timeoutSeconds: 0.3))
            Issue.record("expected a timeout")
        } catch {
            #expect(error.isTimeout)
            #expect(error.curlCode == 28)
            #expect(error.shortCode == "timeout")
            #expect(error.description.hasPrefix("GET \(url): Timeout was reached (curl 28"))
        }
    }

    @Test func fiftyConcurrentRequestsAllComplete() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let client = HTTPClient()
        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<50 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(url: server.url + "/n/\(i)"))
                    return (i, response.text)
                }
            }
            var out: [Int: String] = [:]
            for try await (i, text) in group { out[i] = text }
            return out
        }
        #expect(bodies.count == 50)
        for i in 0..<50 { #expect(bodies[i] == "path /n/\(i)") }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let client = HTTPClient()
        for i in 0..<5 {
            let response = try await client.send(HTTPRequest(url: server.url + "/seq/\(i)"))
            #expect(response.status == 200)
        }
        #expect(server.connectionCount == 1)
    }

    @Test func refusedConnectionIsAConnectFailureNamingTheURL() async throws {
        let server = try Self.makeServer()
        server.stop()   // the port is now closed
        let url = server.url + "/gone"
        do {
            _ = try await HTTPClient.shared.send(HTTPRequest(url: url, timeoutSeconds: 5))
            Issue.record("expected a connection failure")
        } catch {
            #expect(error.isConnectFailure)
            #expect(error.description.contains(url))
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try Self.makeServer()
        defer { server.stop() }
        let task = Task { try await HTTPClient.shared.send(HTTPRequest(url: server.url + "/hang", timeoutSeconds: 60)) }
        // Wait until the request reached the server, so the cancellation hits an in-flight transfer.
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.result
        guard case .failure(let error as HTTPError) = result else {
            Issue.record("expected HTTPError, got \(result)")
            return
        }
        #expect(error.isCancelled)
    }

    @Test func headerInjectionIsRejectedBeforeSending() async throws {
        let request = HTTPRequest(url: "http://127.0.0.1:9/", headers: [("X-Bad", "a\r\nInjected: yes")])
        do {
            _ = try await HTTPClient.shared.send(request)
            Issue.record("expected an invalid request")
        } catch {
            #expect(error.shortCode == "invalid_request")
            #expect(error.description.contains("X-Bad"))
        }
    }
}
