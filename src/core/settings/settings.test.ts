import { describe, expect, it } from 'vitest';
import { buildSampleTrace } from '../commands/sample-trace';
import { applySettingsPatch, DEFAULT_SETTINGS, SettingsError, settingsFromFile, settingsView } from './settings';

describe('applySettingsPatch', () => {
  it('applies valid fields and merges nested objects field by field', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, {
      port: 4400,
      theme: 'dark',
      retention: { maxAgeDays: 7 },
      forwarding: { enabled: true, endpoint: 'http://127.0.0.1:9999' },
    });
    expect(next.port).toBe(4400);
    expect(next.theme).toBe('dark');
    expect(next.retention).toEqual({ maxAgeDays: 7, maxBytes: null });
    expect(next.forwarding).toMatchObject({
      enabled: true,
      endpoint: 'http://127.0.0.1:9999',
      protocol: 'otlp-http-protobuf',
    });
  });

  it.each([
    [{ port: 70000 }, /port must be a whole number/],
    [{ grpc: { port: 0 } }, /grpc.port must be a whole number/],
    [{ grpc: { enabled: 'yes' } }, /grpc.enabled must be true or false/],
    [{ theme: 'neon' }, /theme must be one of/],
    [{ retention: { maxAgeDays: -1 } }, /retention.maxAgeDays must be a number above 0/],
    [{ forwarding: { enabled: true, endpoint: 'ftp://x' } }, /forwarding.endpoint must be an http\(s\) URL/],
    [{ forwarding: { headers: { 'bad header': 'x' } } }, /not a valid HTTP header name/],
    [{ publicKey: 'pk-lf-1' }, /set both the public and the secret key/],
    [{ prices: [{ modelName: 'm', prices: { input: 'free' } }] }, /prices\[0\]/],
    [{ colour: 'red' }, /unknown setting "colour"/],
  ])('rejects %j with a message naming the field', (patch, message) => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, patch)).toThrow(SettingsError);
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, patch)).toThrow(message);
  });

  it('turns the OTLP/gRPC receiver off and moves it, field by field', () => {
    expect(DEFAULT_SETTINGS.grpc).toEqual({ enabled: true, port: 4317 });
    const off = applySettingsPatch(DEFAULT_SETTINGS, { grpc: { enabled: false } });
    expect(off.grpc).toEqual({ enabled: false, port: 4317 });
    expect(applySettingsPatch(off, { grpc: { port: 5317 } }).grpc).toEqual({ enabled: false, port: 5317 });
  });

  it('has the MCP server on by default, and turns it off and on', () => {
    expect(DEFAULT_SETTINGS.mcp).toEqual({ enabled: true });
    const off = applySettingsPatch(DEFAULT_SETTINGS, { mcp: { enabled: false } });
    expect(off.mcp).toEqual({ enabled: false });
    expect(applySettingsPatch(off, { mcp: { enabled: true } }).mcp).toEqual({ enabled: true });
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { mcp: { enabled: 'yes' } })).toThrow(
      'mcp must be an object with enabled: true or false',
    );
  });

  it('accepts a key pair and clears it again', () => {
    const withKeys = applySettingsPatch(DEFAULT_SETTINGS, { publicKey: ' pk ', secretKey: 'sk' });
    expect([withKeys.publicKey, withKeys.secretKey]).toEqual(['pk', 'sk']);
    expect(applySettingsPatch(withKeys, { publicKey: '', secretKey: '' }).publicKey).toBe('');
  });
});

describe('what the UI reads of the settings', () => {
  it('never carries the secret key, only whether one is set', () => {
    const keyed = applySettingsPatch(DEFAULT_SETTINGS, { publicKey: 'pk-1', secretKey: 'sk-secret' });
    const view = settingsView(keyed);
    expect(view).toMatchObject({ publicKey: 'pk-1', secretKeySet: true });
    expect(JSON.stringify(view)).not.toContain('sk-secret');
    expect(settingsView(DEFAULT_SETTINGS).secretKeySet).toBe(false);
  });

  it('keeps the secret key when a patch leaves it out, and turns keys off when both are cleared', () => {
    const keyed = applySettingsPatch(DEFAULT_SETTINGS, { publicKey: 'pk-1', secretKey: 'sk-secret' });
    expect(applySettingsPatch(keyed, { publicKey: 'pk-2' })).toMatchObject({
      publicKey: 'pk-2',
      secretKey: 'sk-secret',
    });
    expect(applySettingsPatch(keyed, { publicKey: '', secretKey: '' })).toMatchObject({ publicKey: '', secretKey: '' });
    expect(() => applySettingsPatch(keyed, { publicKey: '' })).toThrow(/both/);
  });
});

describe('allowed origins', () => {
  it('takes exact origins and *, normalized, without duplicates', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, {
      cors: { allowedOrigins: ['https://app.example.com', 'https://app.example.com/', 'http://dev.test:5173', '*'] },
    });
    expect(next.cors.allowedOrigins).toEqual(['https://app.example.com', 'http://dev.test:5173', '*']);
  });

  it('refuses what a browser never sends as an Origin, naming the entry', () => {
    expect(() =>
      applySettingsPatch(DEFAULT_SETTINGS, { cors: { allowedOrigins: ['https://a.example/path'] } }),
    ).toThrow(/cors\.allowedOrigins\[0\] must be an origin/);
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { cors: { allowedOrigins: ['file:///x'] } })).toThrow(/origin/);
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { cors: { allowedOrigins: 'https://a.example' } })).toThrow(
      /must be a list/,
    );
  });
});

describe('settingsFromFile', () => {
  it('keeps the valid fields of a hand-edited file and defaults the rest', () => {
    const settings = settingsFromFile({
      port: 'abc',
      theme: 'light',
      notifications: true,
      publicKey: 'pk',
      secretKey: 'sk',
    });
    expect(settings).toMatchObject({
      port: 4318,
      theme: 'light',
      notifications: true,
      publicKey: 'pk',
      secretKey: 'sk',
    });
  });

  it('drops a lone key, since a half pair would lock every sender out', () => {
    expect(settingsFromFile({ publicKey: 'pk' })).toMatchObject({ publicKey: '', secretKey: '' });
  });
});

describe('buildSampleTrace', () => {
  it('is one OTLP/JSON request with an agent, a generation with usage and a tool under one trace', () => {
    let n = 0;
    const { traceId, body } = buildSampleTrace(1_800_000_000_000, (bytes) =>
      (++n).toString(16).padStart(bytes * 2, '0'),
    );
    const spans = JSON.parse(body).resourceSpans[0].scopeSpans[0].spans as {
      traceId: string;
      name: string;
      attributes: { key: string; value: { stringValue?: string } }[];
    }[];
    expect(spans.map((s) => s.traceId)).toEqual([traceId, traceId, traceId]);
    const typeOf = (s: (typeof spans)[number]) =>
      s.attributes.find((a) => a.key === 'langfuse.observation.type')?.value.stringValue;
    expect(spans.map(typeOf)).toEqual(['agent', 'generation', 'tool']);
    expect(JSON.stringify(spans[1])).toContain('gpt-4o-mini');
  });
});
