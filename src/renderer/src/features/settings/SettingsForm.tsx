import type { SettingsPatch, SettingsView } from '@core/commands/contract';
import { type FormEvent, useState } from 'react';
import { useConnectionStore } from '../../connection/connection-store';
import { type ThemeChoice, usePrefsStore } from '../../lib/prefs-store';
import {
  type ForwardingDraft,
  ForwardingFields,
  forwardingDraftOf,
  forwardingOf,
} from '../forwarding/ForwardingSettingsForm';
import { bytesOf, checkPrices, fieldOfMessage, numberOrNull, type SizeUnit, sizeField } from './settings-format';
import { applyRetention, useSettingsStore } from './settings-store';

interface Draft {
  port: string;
  grpcEnabled: boolean;
  grpcPort: string;
  publicKey: string;
  /** A new secret key; empty keeps the one set (the UI never learns it). */
  secretKey: string;
  notifications: boolean;
  mcpEnabled: boolean;
  maxAgeDays: string;
  maxSize: string;
  sizeUnit: SizeUnit;
  prices: string;
  /** One origin per line. */
  allowedOrigins: string;
  forwarding: ForwardingDraft;
}

function draftOf(s: SettingsView): Draft {
  const size = sizeField(s.retention.maxBytes);
  return {
    port: String(s.port),
    grpcEnabled: s.grpc.enabled,
    grpcPort: String(s.grpc.port),
    publicKey: s.publicKey,
    secretKey: '',
    notifications: s.notifications,
    mcpEnabled: s.mcp.enabled,
    maxAgeDays: s.retention.maxAgeDays === null ? '' : String(s.retention.maxAgeDays),
    maxSize: size.value,
    sizeUnit: size.unit,
    prices: s.prices.length === 0 ? '' : JSON.stringify(s.prices, null, 2),
    allowedOrigins: s.cors.allowedOrigins.join('\n'),
    forwarding: forwardingDraftOf(s.forwarding),
  };
}

function FieldError({ field, error }: { field: string; error: { field: string | null; text: string } | null }) {
  if (!error || error.field !== field) return null;
  return (
    <span className="settings-error" role="alert" data-testid={`error-${field}`}>
      {error.text}
    </span>
  );
}

/**
 * Ports, keys, theme, notifications, retention, prices and forwarding: one form with one Save button, saved together,
 * checked by the server.
 */
export function SettingsForm({ settings }: { settings: SettingsView }) {
  const desktop = Boolean(window.loupe);
  const listening = useConnectionStore((s) => s.serverInfo?.port);
  const listeningGrpc = useConnectionStore((s) => s.serverInfo?.grpcPort ?? null);
  const theme = usePrefsStore((s) => s.theme);
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(null);
  };
  const prices = checkPrices(draft.prices);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(null);
    if (prices.error) {
      setError({ field: 'prices', text: prices.error });
      return;
    }
    let forwarding: ReturnType<typeof forwardingOf>;
    try {
      forwarding = forwardingOf(draft.forwarding);
    } catch (err) {
      setError({ field: 'forwarding', text: (err as Error).message });
      return;
    }
    const patch = {
      ...(desktop
        ? { port: numberOrNull(draft.port), grpc: { enabled: draft.grpcEnabled, port: numberOrNull(draft.grpcPort) } }
        : {}),
      publicKey: draft.publicKey,
      // An empty field keeps the secret key set; clearing the public key turns keys off, so both go.
      ...(draft.secretKey !== '' || draft.publicKey.trim() === '' ? { secretKey: draft.secretKey } : {}),
      notifications: draft.notifications,
      mcp: { enabled: draft.mcpEnabled },
      retention: { maxAgeDays: numberOrNull(draft.maxAgeDays), maxBytes: bytesOf(draft.maxSize, draft.sizeUnit) },
      prices: prices.prices,
      forwarding,
      cors: {
        allowedOrigins: draft.allowedOrigins
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      },
    } as SettingsPatch;
    try {
      const next = await useSettingsStore.getState().save(patch);
      setDraft(draftOf(next));
      const portNote = desktop && next.port !== listening ? ` The port ${next.port} applies at the next start.` : '';
      const grpcNow = next.grpc.enabled ? next.grpc.port : null;
      const grpcNote = desktop && grpcNow !== listeningGrpc ? ' The OTLP/gRPC change applies at the next start.' : '';
      setSaved(`Saved.${portNote}${grpcNote}`);
      await applyRetention('settings');
    } catch (err) {
      const text = (err as Error).message;
      setError({ field: fieldOfMessage(text), text });
    }
  };

  return (
    <form className="settings-form" onSubmit={save} data-testid="settings-form">
      <section className="settings-section">
        <h2>Receiver</h2>
        <div className="settings-row">
          {desktop ? <label htmlFor="setting-port">Port</label> : <span>Port</span>}
          {desktop ? (
            <span className="settings-field">
              <input
                id="setting-port"
                data-testid="setting-port"
                inputMode="numeric"
                value={draft.port}
                onChange={(e) => set({ port: e.target.value })}
              />
              <span className="muted">
                {listening ? `Listening on ${listening} now; a change applies at the next start.` : ''}
              </span>
            </span>
          ) : (
            <span className="settings-field">
              <span className="settings-value mono" id="setting-port" data-testid="setting-port">
                {listening ?? location.port}
              </span>
              <span className="muted">
                Headless mode: the port is chosen on the command line, <code>npm run serve -- --port 4318</code>.
              </span>
            </span>
          )}
        </div>
        <FieldError field="port" error={error} />
        <div className="settings-row">
          {desktop ? <label htmlFor="setting-grpc-port">OTLP/gRPC</label> : <span>OTLP/gRPC</span>}
          {desktop ? (
            <span className="settings-field">
              <input
                id="setting-grpc-port"
                data-testid="setting-grpc-port"
                inputMode="numeric"
                value={draft.grpcPort}
                disabled={!draft.grpcEnabled}
                onChange={(e) => set({ grpcPort: e.target.value })}
              />
              <label className="settings-check">
                <input
                  type="checkbox"
                  data-testid="setting-grpc-enabled"
                  checked={draft.grpcEnabled}
                  onChange={(e) => set({ grpcEnabled: e.target.checked })}
                />
                on
              </label>
              <span className="muted">
                {listeningGrpc === null ? 'Not listening now' : `Listening on ${listeningGrpc} now`}; a change applies
                at the next start.
              </span>
            </span>
          ) : (
            <span className="settings-field">
              <span className="settings-value mono" id="setting-grpc-port" data-testid="setting-grpc-port">
                {listeningGrpc ?? 'off'}
              </span>
              <span className="muted">
                Headless mode: chosen on the command line too, <code>npm run serve -- --grpc-port 4317</code> or{' '}
                <code>--no-grpc</code>.
              </span>
            </span>
          )}
        </div>
        <FieldError field="grpc.port" error={error} />
        <label className="settings-row">
          <span>Public key</span>
          <input
            data-testid="setting-public-key"
            value={draft.publicKey}
            placeholder="empty: accept any sender"
            onChange={(e) => set({ publicKey: e.target.value })}
          />
        </label>
        <label className="settings-row">
          <span>Secret key</span>
          <input
            data-testid="setting-secret-key"
            type="password"
            autoComplete="new-password"
            value={draft.secretKey}
            placeholder={
              settings.secretKeySet ? 'set (not shown): type a new one to replace it' : 'empty: accept any sender'
            }
            onChange={(e) => set({ secretKey: e.target.value })}
          />
        </label>
        <FieldError field="publicKey" error={error} />
        <FieldError field="secretKey" error={error} />
        <p className="muted">
          With both keys set, senders must present them (the Langfuse SDKs' LANGFUSE_PUBLIC_KEY and
          LANGFUSE_SECRET_KEY). Loupe never shows a secret key once it is saved; clear the public key to turn keys off.
        </p>
        <label className="settings-row">
          <span>Allowed origins</span>
          <textarea
            className="settings-origins"
            data-testid="setting-allowed-origins"
            rows={2}
            value={draft.allowedOrigins}
            placeholder="https://app.example.com"
            spellCheck={false}
            onChange={(e) => set({ allowedOrigins: e.target.value })}
          />
        </label>
        <FieldError field="cors.allowedOrigins" error={error} />
        <p className="muted">
          Web pages on localhost may send traces from the browser (SDKs in a local web app). Pages from other origins
          may only if listed here, one origin per line (<code>*</code> for any page); others get 403.
        </p>
        <label className="settings-row">
          <span>MCP server</span>
          <span className="settings-field">
            <input
              type="checkbox"
              data-testid="setting-mcp"
              checked={draft.mcpEnabled}
              onChange={(e) => set({ mcpEnabled: e.target.checked })}
            />
            <span className="muted">
              Lets coding agents on this machine read the stored traces at <code>/mcp</code>, with the token shown on
              the Connect page. Read-only; applies at once.
            </span>
          </span>
        </label>
      </section>

      <section className="settings-section">
        <h2>Appearance</h2>
        <label className="settings-row">
          <span>Theme</span>
          <select
            data-testid="setting-theme"
            value={theme}
            onChange={(e) => usePrefsStore.setState({ theme: e.target.value as ThemeChoice })}
          >
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          <span className="muted">Applies at once.</span>
        </label>
        {desktop && (
          <label className="settings-row">
            <span>Notifications</span>
            <span className="settings-field">
              <input
                type="checkbox"
                data-testid="setting-notifications"
                checked={draft.notifications}
                onChange={(e) => set({ notifications: e.target.checked })}
              />
              <span className="muted">A desktop notification for each new trace with an error.</span>
            </span>
          </label>
        )}
      </section>

      <section className="settings-section">
        <h2>Retention</h2>
        <label className="settings-row">
          <span>Keep traces for</span>
          <span className="settings-field">
            <input
              data-testid="setting-max-age"
              inputMode="decimal"
              value={draft.maxAgeDays}
              placeholder="forever"
              onChange={(e) => set({ maxAgeDays: e.target.value })}
            />
            <span className="muted">days (empty: forever)</span>
          </span>
        </label>
        <FieldError field="retention.maxAgeDays" error={error} />
        <label className="settings-row">
          <span>Largest store</span>
          <span className="settings-field">
            <input
              data-testid="setting-max-size"
              inputMode="decimal"
              value={draft.maxSize}
              placeholder="no limit"
              onChange={(e) => set({ maxSize: e.target.value })}
            />
            <select
              aria-label="Unit"
              value={draft.sizeUnit}
              onChange={(e) => set({ sizeUnit: e.target.value as SizeUnit })}
            >
              <option value="MB">MB</option>
              <option value="GB">GB</option>
            </select>
            <span className="muted">the oldest traces go first (empty: no limit)</span>
          </span>
        </label>
        <FieldError field="retention.maxBytes" error={error} />
      </section>

      <section className="settings-section">
        <h2>Model prices</h2>
        <p className="muted">
          Your own prices (USD per token), in Langfuse's model definition shape: a JSON array such as{' '}
          <code>{'[{"modelName": "my-model", "prices": {"input": 0.000001, "output": 0.000002}}]'}</code>.
        </p>
        <textarea
          className="settings-prices"
          data-testid="setting-prices"
          rows={6}
          spellCheck={false}
          value={draft.prices}
          placeholder="[]"
          onChange={(e) => set({ prices: e.target.value })}
        />
        {prices.error ? (
          <span className="settings-error" data-testid="prices-check">
            {prices.error}
          </span>
        ) : (
          draft.prices.trim() !== '' && (
            <span className="muted" data-testid="prices-check">
              {(prices.prices ?? []).length} price entr{(prices.prices ?? []).length === 1 ? 'y' : 'ies'}, valid.
            </span>
          )
        )}
        {error?.field === 'prices' && !prices.error && <FieldError field="prices" error={error} />}
      </section>

      <section className="settings-section">
        <h2>Forwarding</h2>
        <ForwardingFields draft={draft.forwarding} onChange={(forwarding) => set({ forwarding })} />
        <FieldError field="forwarding" error={error} />
      </section>

      <div className="settings-actions">
        <button type="submit" className="action-button primary" data-testid="settings-save">
          Save settings
        </button>
        {saved && (
          <span className="settings-saved" data-testid="settings-saved">
            {saved}
          </span>
        )}
        {error && error.field === null && (
          <span className="settings-error" role="alert" data-testid="settings-error">
            {error.text}
          </span>
        )}
      </div>
    </form>
  );
}
