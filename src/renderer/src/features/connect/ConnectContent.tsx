import { useEffect, useState } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { useConnectionStore } from '../../connection/connection-store';
import { runCommand } from '../../lib/commands';
import { grpcEndpoint, grpcOffNote, sdkEndpoint } from '../../lib/endpoint';
import { traceHash, useRouteStore } from '../../route/route-store';
import { db } from '../../store/local-db';
import { useSettingsStore } from '../settings/settings-store';
import { AgentSnippets } from './AgentSnippets';
import { connectSnippets, type Snippet } from './snippets';
import './connect.css';

/** The sample trace is sent through the real receiver; it is normally stored within a second. */
const SAMPLE_WAIT_MS = 20_000;
const SAMPLE_POLL_MS = 200;

async function waitForTrace(traceId: string): Promise<boolean> {
  const deadline = Date.now() + SAMPLE_WAIT_MS;
  while (Date.now() < deadline) {
    if (await db.traces.get(traceId)) return true;
    await new Promise((done) => setTimeout(done, SAMPLE_POLL_MS));
  }
  return false;
}

function CodeBlock({ label, text }: { label: string; text: string }) {
  return (
    <div className="connect-code">
      <div className="connect-code-head">
        <span className="muted">{label}</span>
        <CopyButton text={() => text} />
      </div>
      <pre className="code-block">{text}</pre>
    </div>
  );
}

function SnippetCard({ snippet }: { snippet: Snippet }) {
  return (
    <section className="connect-snippet" data-testid={`snippet-${snippet.id}`}>
      <h2>{snippet.title}</h2>
      {snippet.install && <CodeBlock label="Install" text={snippet.install} />}
      {snippet.env && <CodeBlock label="Environment" text={snippet.env} />}
      {snippet.code && <CodeBlock label="Code" text={snippet.code} />}
      {snippet.flush && (
        // Spans leave in batches in the background: a script that ends first loses its last ones.
        <CodeBlock label="Before a short script exits, flush: the last spans are lost otherwise" text={snippet.flush} />
      )}
      {snippet.note && <p className="muted">{snippet.note}</p>}
    </section>
  );
}

function SampleTraceButton() {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const send = async () => {
    setState({ busy: true, error: null });
    try {
      const { traceId } = await runCommand('sendSampleTrace', null);
      if (await waitForTrace(traceId)) useRouteStore.getState().navigate(traceHash(traceId));
      else
        setState({
          busy: false,
          error: `The test trace was sent but is not stored after ${SAMPLE_WAIT_MS / 1000} s: see the notices (bell) for why.`,
        });
    } catch (error) {
      setState({ busy: false, error: `Could not send a test trace: ${(error as Error).message}` });
    }
  };
  return (
    <div className="connect-actions">
      <button
        type="button"
        className="action-button primary"
        data-testid="send-sample"
        disabled={state.busy}
        onClick={send}
      >
        {state.busy ? 'Sending…' : 'Send a test trace'}
      </button>
      {state.error && (
        <span className="connect-error" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}

/** Opens the first trace stored after this screen appeared. */
function useFollowNewTrace(enabled: boolean): void {
  const revision = useConnectionStore((s) => s.revision);
  const [since] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    void revision;
    db.traces
      .where('updatedAt')
      .aboveOrEqual(since)
      .first()
      .then((trace) => {
        if (trace && !cancelled) useRouteStore.getState().navigate(traceHash(trace.id));
      });
    return () => {
      cancelled = true;
    };
  }, [enabled, revision, since]);
}

/**
 * How to send traces to this Loupe: the endpoints it listens on, a snippet per SDK, and a test trace. On the Connect
 * screen (`followNewTrace`), the first trace that arrives opens by itself.
 */
export function ConnectContent({ followNewTrace }: { followNewTrace: boolean }) {
  const endpoint = useConnectionStore((s) => sdkEndpoint(s.serverInfo));
  const grpc = useConnectionStore((s) => grpcEndpoint(s.serverInfo));
  const settings = useSettingsStore((s) => s.settings);
  useFollowNewTrace(followNewTrace);
  useEffect(() => {
    if (!useSettingsStore.getState().settings) void useSettingsStore.getState().load();
  }, []);
  if (!endpoint) return <div className="page-message">Waiting for the receiver to start…</div>;
  const publicKey = settings?.publicKey ? settings.publicKey : null;
  return (
    <div className="connect">
      <div className="connect-endpoint">
        <div className="connect-endpoint-row">
          <span className="muted connect-endpoint-label">OTLP/HTTP and Langfuse</span>
          <code className="mono" data-testid="connect-endpoint">
            {endpoint}
          </code>
          <CopyButton text={() => endpoint} />
        </div>
        <div className="connect-endpoint-row">
          <span className="muted connect-endpoint-label">OTLP/gRPC</span>
          {grpc ? (
            <>
              <code className="mono" data-testid="connect-grpc-endpoint">
                {grpc}
              </code>
              <CopyButton text={() => grpc} />
            </>
          ) : (
            <span className="muted" data-testid="connect-grpc-endpoint">
              {grpcOffNote(Boolean(window.loupe))}
            </span>
          )}
        </div>
      </div>
      <p className="muted">
        {publicKey
          ? 'Senders must present the keys set in Settings; the snippets below carry the public key and a place for your secret key.'
          : 'Any keys are accepted: the keys below are placeholders. Set keys in Settings to require them.'}
      </p>
      <SampleTraceButton />
      {followNewTrace && (
        <p className="connect-waiting" data-testid="connect-waiting">
          <span className="connect-spinner" aria-hidden="true" />
          Waiting for the first trace… it opens here as soon as it arrives.
        </p>
      )}
      <div className="connect-snippets">
        {connectSnippets(endpoint, publicKey, grpc).map((snippet) => (
          <SnippetCard key={snippet.id} snippet={snippet} />
        ))}
      </div>
      <AgentSnippets />
    </div>
  );
}
