// The OpenTelemetry OTLP/HTTP exporters (JSON or protobuf, gzip or not) sending a small tree of spans.
// Usage: node otel-exporter.mjs <json|proto> <gzip|none> <name-prefix> <span-count> <endpoint>

import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

const [format, compression, prefix, count, endpoint] = process.argv.slice(2);
const Exporter = format === 'proto' ? ProtoExporter : JsonExporter;
const exporter = new Exporter({ url: `${endpoint}/v1/traces`, compression: compression === 'gzip' ? 'gzip' : 'none' });
const provider = new BasicTracerProvider({
  spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 20 })],
});
const tracer = provider.getTracer('loupe-integration');

const root = tracer.startSpan(`${prefix} root`);
const parent = trace.setSpan(context.active(), root);
for (let i = 1; i < Number(count); i++) {
  const child = tracer.startSpan(
    `${prefix} child ${i}`,
    { attributes: { 'gen_ai.request.model': 'gpt-4o', i } },
    parent,
  );
  child.end();
}
root.end();
await provider.forceFlush();
await provider.shutdown();
