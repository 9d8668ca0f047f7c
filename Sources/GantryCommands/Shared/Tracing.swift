import Foundation
import GantryBasics
import GantryEngine
import GantryHTTP

/// OpenTelemetry spans of one run (one per operation, one per provider call): written to
/// `--trace FILE` and/or sent to the collector `OTEL_EXPORTER_OTLP_ENDPOINT` names.
///
/// Tracing never fails a run: a collector that can't be reached is a warning.
struct Tracing: Sendable {
    static let fileOption = Option<String>(
        "trace", valueName: "file",
        help: "Write OpenTelemetry spans of this run to a file (OTLP/JSON). With OTEL_EXPORTER_OTLP_ENDPOINT "
            + "set, spans are also sent to that collector.")

    /// Where the engine records spans; nil when nobody asked for them.
    let recorder: SpanRecorder?
    private let file: String?
    private let exporter: OTLPTraceExporter?

    init(file: String?, context: CommandContext) {
        self.file = file.map(context.resolve)
        exporter = OTLPTraceExporter.fromEnvironment(context.environment, serviceName: "gantry")
        recorder = (file != nil || exporter != nil) ? SpanRecorder() : nil
    }

    /// Runs `body`, then writes and exports the spans it recorded — also when it throws.
    func around<T: Sendable>(in context: CommandContext, _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            await finish(in: context)
            return result
        } catch {
            await finish(in: context)
            throw error
        }
    }

    private func finish(in context: CommandContext) async {
        guard let recorder else { return }
        let spans = recorder.drain()
        if let file {
            let bytes = OTLPTraceExporter.otlpJSON(spans, serviceName: "gantry")
            if !FileManager.default.createFile(atPath: file, contents: Data(bytes)) {
                context.errorOutput.line("warning: could not write the trace to \(file)")
            }
        }
        if let exporter {
            do {
                try await exporter.export(spans)
            } catch {
                context.errorOutput.line("warning: could not send \(spans.count) spans to \(exporter.tracesURL): \(error)")
            }
        }
    }
}
