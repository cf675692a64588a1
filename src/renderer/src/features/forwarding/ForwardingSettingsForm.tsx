import type { ForwardingSettings, ForwardProtocol } from '@core/commands/contract';
import { asLangfuseUpstream, langfuseForwarding } from '@core/forward/upstream-kind';
import { ForwardingStatus } from './ForwardingStatus';
import './forwarding.css';

type Kind = 'langfuse' | 'otlp';

export interface ForwardingDraft {
  enabled: boolean;
  kind: Kind;
  host: string;
  publicKey: string;
  secretKey: string;
  endpoint: string;
  protocol: ForwardProtocol;
  /** One `Name: value` per line. */
  headers: string;
}

export function forwardingDraftOf(s: ForwardingSettings): ForwardingDraft {
  const langfuse = asLangfuseUpstream(s);
  return {
    enabled: s.enabled,
    kind: langfuse || s.endpoint === '' ? 'langfuse' : 'otlp',
    host: langfuse?.host ?? '',
    publicKey: langfuse?.publicKey ?? '',
    secretKey: langfuse?.secretKey ?? '',
    endpoint: langfuse ? '' : s.endpoint,
    protocol: s.protocol,
    headers: langfuse
      ? ''
      : Object.entries(s.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
  };
}

/** Parses `Name: value` lines; throws naming the first line that is not one. */
function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    if (colon <= 0 || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new Error(`header line ${i + 1} is not "Name: value"`);
    }
    out[name] = line.slice(colon + 1).trim();
  });
  return out;
}

/** The settings the draft stands for; throws naming what is missing when forwarding is on without a destination. */
export function forwardingOf(d: ForwardingDraft): ForwardingSettings {
  const missing =
    d.kind === 'langfuse'
      ? [
          !d.host.trim() && 'the Langfuse host',
          !d.publicKey.trim() && 'the public key',
          !d.secretKey.trim() && 'the secret key',
        ]
      : [!d.endpoint.trim() && 'the OTLP endpoint'];
  const named = missing.filter((m): m is string => typeof m === 'string');
  if (d.enabled && named.length > 0) throw new Error(`Enter ${named.join(', ')} to forward`);
  if (d.kind === 'langfuse') {
    return {
      enabled: d.enabled,
      ...langfuseForwarding({ host: d.host, publicKey: d.publicKey, secretKey: d.secretKey }),
    };
  }
  return { enabled: d.enabled, endpoint: d.endpoint.trim(), protocol: d.protocol, headers: parseHeaders(d.headers) };
}

/**
 * Forwarding settings: a Langfuse project (host and keys, from which the OTLP endpoint and the Authorization header
 * are built) or any OTLP endpoint (URL, protocol, headers); then the live status. The fields of the settings form,
 * saved with the rest by its one Save button.
 */
export function ForwardingFields({
  draft,
  onChange,
}: {
  draft: ForwardingDraft;
  onChange(draft: ForwardingDraft): void;
}) {
  const set = (patch: Partial<ForwardingDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="forwarding-form" data-testid="forwarding-form">
      <label className="forwarding-check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Forward everything Loupe receives to an upstream (local data is kept either way)
      </label>
      <div className="forwarding-kinds" role="radiogroup" aria-label="Upstream">
        {(['langfuse', 'otlp'] as const).map((kind) => (
          <label key={kind}>
            <input type="radio" name="upstream-kind" checked={draft.kind === kind} onChange={() => set({ kind })} />
            {kind === 'langfuse' ? 'Langfuse project' : 'OTLP endpoint (OpenTelemetry Collector, any backend)'}
          </label>
        ))}
      </div>
      {draft.kind === 'langfuse' ? (
        <div className="forwarding-fields">
          <label>
            Host
            <input
              value={draft.host}
              placeholder="https://cloud.langfuse.com"
              onChange={(e) => set({ host: e.target.value })}
            />
          </label>
          <label>
            Public key
            <input value={draft.publicKey} placeholder="pk-lf-…" onChange={(e) => set({ publicKey: e.target.value })} />
          </label>
          <label>
            Secret key
            <input
              type="password"
              value={draft.secretKey}
              placeholder="sk-lf-…"
              onChange={(e) => set({ secretKey: e.target.value })}
            />
          </label>
        </div>
      ) : (
        <div className="forwarding-fields">
          <label>
            Endpoint
            <input
              value={draft.endpoint}
              placeholder="http://collector.internal:4318"
              onChange={(e) => set({ endpoint: e.target.value })}
            />
          </label>
          <label>
            Protocol
            <select value={draft.protocol} onChange={(e) => set({ protocol: e.target.value as ForwardProtocol })}>
              <option value="otlp-http-protobuf">OTLP/HTTP protobuf</option>
              <option value="otlp-http-json">OTLP/HTTP JSON</option>
            </select>
          </label>
          <label>
            Headers
            <textarea
              rows={3}
              value={draft.headers}
              placeholder="Authorization: Bearer …"
              onChange={(e) => set({ headers: e.target.value })}
            />
          </label>
        </div>
      )}
      <ForwardingStatus />
    </div>
  );
}
