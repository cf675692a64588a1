import type {
  CorsSettings,
  ForwardingSettings,
  GrpcSettings,
  RetentionSettings,
  Settings,
  SettingsPatch,
  SettingsView,
  ThemeSetting,
} from '../commands/contract';
import { parsePriceOverrides } from '../cost/price-overrides';

export const DEFAULT_SETTINGS: Settings = {
  port: 4318,
  grpc: { enabled: true, port: 4317 },
  publicKey: '',
  secretKey: '',
  theme: 'system',
  retention: { maxAgeDays: null, maxBytes: null },
  forwarding: { enabled: false, endpoint: '', protocol: 'otlp-http-protobuf', headers: {} },
  notifications: false,
  prices: [],
  cors: { allowedOrigins: [] },
  mcp: { enabled: true },
};

/** A patch that cannot be applied; the message names the field and what it must be. */
export class SettingsError extends Error {}

const THEMES: readonly ThemeSetting[] = ['system', 'light', 'dark'];
const PROTOCOLS: readonly ForwardingSettings['protocol'][] = ['otlp-http-protobuf', 'otlp-http-json'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function port(value: unknown, field = 'port'): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535)
    throw new SettingsError(`${field} must be a whole number from 1 to 65535, not ${JSON.stringify(value)}`);
  return value as number;
}

function grpc(current: GrpcSettings, patch: unknown): GrpcSettings {
  if (!isRecord(patch)) throw new SettingsError('grpc must be an object with enabled and port');
  const next = { ...current };
  if ('enabled' in patch) {
    if (typeof patch.enabled !== 'boolean') throw new SettingsError('grpc.enabled must be true or false');
    next.enabled = patch.enabled;
  }
  if ('port' in patch) next.port = port(patch.port, 'grpc.port');
  return next;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new SettingsError(`${field} must be text, not ${JSON.stringify(value)}`);
  return value.trim();
}

function positiveOrNull(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new SettingsError(`${field} must be a number above 0, or empty for no limit; got ${JSON.stringify(value)}`);
  return value;
}

function retention(current: RetentionSettings, patch: unknown): RetentionSettings {
  if (!isRecord(patch)) throw new SettingsError('retention must be an object with maxAgeDays and maxBytes');
  const next = { ...current };
  if ('maxAgeDays' in patch) next.maxAgeDays = positiveOrNull(patch.maxAgeDays, 'retention.maxAgeDays');
  if ('maxBytes' in patch) next.maxBytes = positiveOrNull(patch.maxBytes, 'retention.maxBytes');
  return next;
}

function forwarding(current: ForwardingSettings, patch: unknown): ForwardingSettings {
  if (!isRecord(patch)) throw new SettingsError('forwarding must be an object');
  const next = { ...current };
  if ('enabled' in patch) {
    if (typeof patch.enabled !== 'boolean') throw new SettingsError('forwarding.enabled must be true or false');
    next.enabled = patch.enabled;
  }
  if ('endpoint' in patch) next.endpoint = text(patch.endpoint, 'forwarding.endpoint');
  if ('protocol' in patch) {
    if (!PROTOCOLS.includes(patch.protocol as ForwardingSettings['protocol']))
      throw new SettingsError(`forwarding.protocol must be one of ${PROTOCOLS.join(', ')}`);
    next.protocol = patch.protocol as ForwardingSettings['protocol'];
  }
  if ('headers' in patch) {
    if (!isRecord(patch.headers) || Object.values(patch.headers).some((v) => typeof v !== 'string'))
      throw new SettingsError('forwarding.headers must map header names to text values');
    for (const name of Object.keys(patch.headers))
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
        throw new SettingsError(`forwarding.headers: "${name}" is not a valid HTTP header name`);
    next.headers = { ...(patch.headers as Record<string, string>) };
  }
  if (next.enabled) {
    let url: URL | null = null;
    try {
      url = new URL(next.endpoint);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw new SettingsError(
        `forwarding.endpoint must be an http(s) URL such as https://cloud.langfuse.com or http://collector:4318, not "${next.endpoint}"`,
      );
  }
  return next;
}

/** `https://app.example.com` as a browser sends it in `Origin`: scheme, host and port, nothing else. */
function origin(value: unknown, field: string): string {
  const raw = text(value, field);
  if (raw === '*') return raw;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== raw.replace(/\/$/, ''))
    throw new SettingsError(
      `${field} must be an origin such as https://app.example.com (scheme, host and port, no path) or *, not "${raw}"`,
    );
  return url.origin;
}

function cors(current: CorsSettings, patch: unknown): CorsSettings {
  if (!isRecord(patch)) throw new SettingsError('cors must be an object with allowedOrigins');
  if (!('allowedOrigins' in patch)) return current;
  if (!Array.isArray(patch.allowedOrigins))
    throw new SettingsError('cors.allowedOrigins must be a list of origins such as ["https://app.example.com"]');
  const origins = patch.allowedOrigins.map((o, i) => origin(o, `cors.allowedOrigins[${i}]`));
  return { allowedOrigins: [...new Set(origins)] };
}

/** What the UI may read: everything but the secret key itself. */
export function settingsView(settings: Settings): SettingsView {
  const { secretKey, ...rest } = settings;
  return { ...rest, secretKeySet: secretKey !== '' };
}

/**
 * Applies a patch from the settings screen (or a hand-edited file) to the current settings. Throws a SettingsError
 * naming the first bad field; nothing is applied then.
 */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  if (!isRecord(patch)) throw new SettingsError('settings must be an object');
  const next: Settings = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    switch (key as keyof SettingsPatch) {
      case 'port':
        next.port = port(value);
        break;
      case 'grpc':
        next.grpc = grpc(current.grpc, value);
        break;
      case 'publicKey':
        next.publicKey = text(value, 'publicKey');
        break;
      case 'secretKey':
        next.secretKey = text(value, 'secretKey');
        break;
      case 'theme':
        if (!THEMES.includes(value as ThemeSetting))
          throw new SettingsError(`theme must be one of ${THEMES.join(', ')}`);
        next.theme = value as ThemeSetting;
        break;
      case 'retention':
        next.retention = retention(current.retention, value);
        break;
      case 'forwarding':
        next.forwarding = forwarding(current.forwarding, value);
        break;
      case 'notifications':
        if (typeof value !== 'boolean') throw new SettingsError('notifications must be true or false');
        next.notifications = value;
        break;
      case 'cors':
        next.cors = cors(current.cors, value);
        break;
      case 'mcp':
        if (!isRecord(value) || ('enabled' in value && typeof value.enabled !== 'boolean'))
          throw new SettingsError('mcp must be an object with enabled: true or false');
        next.mcp = { ...current.mcp, ...('enabled' in value ? { enabled: value.enabled as boolean } : {}) };
        break;
      case 'prices': {
        const { errors } = parsePriceOverrides(value);
        if (errors.length > 0) throw new SettingsError(errors.map((e) => e.message).join('; '));
        next.prices = value as unknown[];
        break;
      }
      default:
        throw new SettingsError(`unknown setting "${key}"`);
    }
  }
  if ((next.publicKey === '') !== (next.secretKey === ''))
    throw new SettingsError('set both the public and the secret key, or neither (then any sender is accepted)');
  return next;
}

/**
 * Settings from the file's parsed content: every known field that is valid is taken, the rest falls back to the
 * default, so one bad hand edit does not reset everything.
 */
export function settingsFromFile(raw: unknown): Settings {
  let settings = DEFAULT_SETTINGS;
  if (!isRecord(raw)) return settings;
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    if (!(key in raw)) continue;
    try {
      settings = applySettingsPatch(settings, { [key]: raw[key] });
    } catch {
      // Keys must come in pairs: checked below, once both are read.
      if (key === 'publicKey' || key === 'secretKey') settings = { ...settings, [key]: String(raw[key] ?? '') };
    }
  }
  if ((settings.publicKey === '') !== (settings.secretKey === ''))
    settings = { ...settings, publicKey: '', secretKey: '' };
  return settings;
}
