import protobuf from 'protobufjs';
import logsServiceProto from './proto/opentelemetry/proto/collector/logs/v1/logs_service.proto?raw';
import traceServiceProto from './proto/opentelemetry/proto/collector/trace/v1/trace_service.proto?raw';
import commonProto from './proto/opentelemetry/proto/common/v1/common.proto?raw';
import logsProto from './proto/opentelemetry/proto/logs/v1/logs.proto?raw';
import resourceProto from './proto/opentelemetry/proto/resource/v1/resource.proto?raw';
import traceProto from './proto/opentelemetry/proto/trace/v1/trace.proto?raw';

/**
 * The vendored OTLP protos parsed into one protobufjs Root, built on first use: parsing costs a few
 * milliseconds that processes which never see protobuf (the renderer) should not pay at startup.
 * `import` lines in the protos are not followed; all the files go into the same Root instead.
 */
let root: protobuf.Root | null = null;
let statusType: protobuf.Type | null = null;

function otlpRoot(): protobuf.Root {
  if (root) return root;
  const parsed = new protobuf.Root();
  for (const text of [commonProto, resourceProto, traceProto, traceServiceProto, logsProto, logsServiceProto])
    protobuf.parse(text, parsed);
  parsed.resolveAll();
  root = parsed;
  return parsed;
}

export function exportTraceServiceRequest(): protobuf.Type {
  return otlpRoot().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
}

export function exportTraceServiceResponse(): protobuf.Type {
  return otlpRoot().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
}

export function exportLogsServiceRequest(): protobuf.Type {
  return otlpRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
}

export function exportLogsServiceResponse(): protobuf.Type {
  return otlpRoot().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');
}

/**
 * `google.rpc.Status`, the body of OTLP/HTTP error replies. Only `code` and `message` are sent, so the two
 * fields are declared here instead of vendoring status.proto and any.proto for the unused `details`.
 */
export function rpcStatus(): protobuf.Type {
  if (statusType) return statusType;
  const type = new protobuf.Type('Status')
    .add(new protobuf.Field('code', 1, 'int32'))
    .add(new protobuf.Field('message', 2, 'string'));
  new protobuf.Root().define('google.rpc').add(type);
  statusType = type;
  return type;
}
