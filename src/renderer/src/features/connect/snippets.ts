/**
 * Setup snippets for each SDK, all pointing at the endpoint Loupe actually listens on (and, for gRPC exporters, its
 * gRPC endpoint when it receives gRPC). With keys set in the settings, the snippets carry the public key and a
 * marked place for the secret one, which the server never tells the UI; otherwise placeholder keys, since any are
 * accepted.
 */

/** Where the user puts the secret key they set in Settings. */
export const SECRET_KEY_SLOT = '<your secret key>';

export interface Snippet {
  id: string;
  title: string;
  /** What to install, one command. */
  install?: string;
  /** Environment variables, `NAME=value` lines. */
  env?: string;
  code?: string;
  /**
   * What a script that exits right away calls before it does: SDKs send spans in batches, in the background, and the
   * last batch is lost when the process ends first (Langfuse's "Client lifecycle & flushing"). Absent where spans
   * leave one by one.
   */
  flush?: string;
  note?: string;
}

/** Keys for snippets when none are set: any are accepted, and SDKs want some. */
const PLACEHOLDER_KEYS = { publicKey: 'pk-lf-local', secretKey: 'sk-lf-local' };

/** `Basic base64(public:secret)` as the Langfuse SDKs send it, to be made by the user: the secret is theirs alone. */
function basicAuth(publicKey: string): string {
  return `Basic <base64 of ${publicKey}:${SECRET_KEY_SLOT}>`;
}

/** The snippets; `configured` is the public key set in the settings (senders must then present the keys), or null. */
export function connectSnippets(endpoint: string, configured: string | null, grpc: string | null): Snippet[] {
  const keys = configured === null ? PLACEHOLDER_KEYS : { publicKey: configured, secretKey: SECRET_KEY_SLOT };
  const traces = `${endpoint}/v1/traces`;
  const langfuseEnv = `LANGFUSE_BASE_URL=${endpoint}\nLANGFUSE_PUBLIC_KEY=${keys.publicKey}\nLANGFUSE_SECRET_KEY=${keys.secretKey}`;
  // OTLP exporters take headers as a comma-separated, URL-encoded list.
  const otelHeaders = configured
    ? `\nOTEL_EXPORTER_OTLP_HEADERS=Authorization=${encodeURIComponent(basicAuth(configured))}`
    : '';
  const otelEnv = `OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf${otelHeaders}`;
  // gRPC metadata keys are lowercase (HTTP/2 header names): some gRPC libraries refuse others.
  const grpcHeaders = configured
    ? `\nOTEL_EXPORTER_OTLP_HEADERS=authorization=${encodeURIComponent(basicAuth(configured))}`
    : '';
  const otelGrpc: Snippet[] = grpc
    ? [
        {
          id: 'otel-grpc',
          title: 'OpenTelemetry over gRPC',
          env: `OTEL_EXPORTER_OTLP_PROTOCOL=grpc\nOTEL_EXPORTER_OTLP_ENDPOINT=${grpc}${grpcHeaders}`,
          flush: 'provider.force_flush()  # Python; Go: tp.Shutdown(ctx); .NET: tracerProvider.ForceFlush()',
          note: "For exporters that send OTLP/gRPC, such as the Python and .NET SDKs' default otlp exporter, Go's otlptracegrpc or a Collector's otlp exporter. Traces and logs, gzip or not; no path.",
        },
      ]
    : [];
  const jsExporterHeaders = configured ? `, headers: { Authorization: '${basicAuth(configured)}' }` : '';
  return [
    {
      id: 'langfuse-js',
      title: 'Langfuse JS/TS SDK (v4, v5)',
      install: 'npm install @langfuse/tracing @langfuse/otel @opentelemetry/sdk-node',
      env: langfuseEnv,
      code: `import { NodeSDK } from '@opentelemetry/sdk-node';
import { LangfuseSpanProcessor } from '@langfuse/otel';

const sdk = new NodeSDK({ spanProcessors: [new LangfuseSpanProcessor()] });
sdk.start();`,
      flush: 'await sdk.shutdown(); // flushes the span processor',
    },
    {
      id: 'langfuse-python',
      title: 'Langfuse Python SDK',
      install: 'pip install langfuse',
      env: `LANGFUSE_HOST=${endpoint}\n${langfuseEnv}`,
      code: `from langfuse import get_client, observe

langfuse = get_client()

@observe()
def answer(question: str) -> str:
    ...`,
      flush: 'langfuse.flush()  # or langfuse.shutdown() at exit',
      note: 'Older SDK versions read LANGFUSE_HOST, newer ones LANGFUSE_BASE_URL: setting both covers every version.',
    },
    {
      id: 'otel',
      title: 'OpenTelemetry (any SDK or instrumentation)',
      env: otelEnv,
      flush:
        'await provider.forceFlush(); // JS: the tracer provider, or sdk.shutdown() with NodeSDK\nprovider.force_flush()      # Python: the TracerProvider',
      note: 'The exporter appends /v1/traces. OTLP over HTTP, protobuf or JSON, gzip or not.',
    },
    ...otelGrpc,
    {
      id: 'vercel-ai',
      title: 'Vercel AI SDK',
      install: 'npm install @opentelemetry/sdk-node @opentelemetry/exporter-trace-otlp-proto',
      code: `import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { generateText } from 'ai';

const sdk = new NodeSDK({
  traceExporter: new OTLPTraceExporter({ url: '${traces}'${jsExporterHeaders} }),
});
sdk.start();

const { text } = await generateText({
  model,
  prompt: 'Hello',
  experimental_telemetry: { isEnabled: true },
});`,
      flush: 'await sdk.shutdown();',
      note: `In Next.js, call registerOTel({ serviceName: 'my-app' }) from @vercel/otel in instrumentation.ts and set OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint} instead.`,
    },
    {
      id: 'openinference-python',
      title: 'OpenInference (Python)',
      install: 'pip install arize-phoenix-otel openinference-instrumentation-openai',
      code: `from phoenix.otel import register

tracer_provider = register(
    endpoint="${traces}",
    protocol="http/protobuf",${configured ? `\n    headers={"Authorization": "${basicAuth(configured)}"},` : ''}
    auto_instrument=True,  # every installed openinference-instrumentation-* package
)`,
      flush: 'tracer_provider.force_flush()',
    },
    {
      id: 'openinference-js',
      title: 'OpenInference (JS/TS)',
      install:
        'npm install @arizeai/openinference-instrumentation-openai @opentelemetry/sdk-node @opentelemetry/exporter-trace-otlp-proto',
      code: `import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';

const sdk = new NodeSDK({
  traceExporter: new OTLPTraceExporter({ url: '${traces}'${jsExporterHeaders} }),
  instrumentations: [new OpenAIInstrumentation()],
});
sdk.start();`,
      flush: 'await sdk.shutdown();',
    },
    {
      id: 'openllmetry',
      title: 'OpenLLMetry (Traceloop)',
      install: 'pip install traceloop-sdk',
      env: `TRACELOOP_BASE_URL=${endpoint}${configured ? `\nTRACELOOP_API_KEY=${SECRET_KEY_SLOT}` : ''}`,
      code: `from traceloop.sdk import Traceloop

Traceloop.init(app_name="my-app", api_endpoint="${endpoint}", disable_batch=True)`,
      note: `JS: traceloop.initialize({ baseUrl: '${endpoint}', disableBatch: true }) from @traceloop/node-server-sdk. With disable_batch each span is sent as it ends, so a short script needs no flush.`,
    },
    {
      id: 'langchain',
      title: 'LangChain (Langfuse callback handler)',
      install: 'pip install langfuse langchain',
      env: langfuseEnv,
      code: `from langfuse.langchain import CallbackHandler

handler = CallbackHandler()
chain.invoke({"topic": "cats"}, config={"callbacks": [handler]})`,
      flush: 'from langfuse import get_client\n\nget_client().flush()',
      note: 'JS: new CallbackHandler() from @langfuse/langchain, with the Langfuse JS setup above.',
    },
  ];
}
