import protobuf from 'protobufjs';
import traceServiceProto from './proto/opentelemetry/proto/collector/trace/v1/trace_service.proto?raw';
import commonProto from './proto/opentelemetry/proto/common/v1/common.proto?raw';
import resourceProto from './proto/opentelemetry/proto/resource/v1/resource.proto?raw';
import traceProto from './proto/opentelemetry/proto/trace/v1/trace.proto?raw';

/**
 * The vendored OTLP protos parsed into one protobufjs Root, built on first use: parsing costs a few
 * milliseconds that processes which never see protobuf (the renderer) should not pay at startup.
 * `import` lines in the protos are not followed; all four files go into the same Root instead.
 */
let requestType: protobuf.Type | null = null;

export function exportTraceServiceRequest(): protobuf.Type {
  if (requestType) return requestType;
  const root = new protobuf.Root();
  for (const text of [commonProto, resourceProto, traceProto, traceServiceProto]) protobuf.parse(text, root);
  root.resolveAll();
  requestType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  return requestType;
}
