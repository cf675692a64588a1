/**
 * Commands the UI sends to the process that owns the receiver (Electron main, or the headless server): one
 * contract for both. In the desktop app they travel over IPC (`window.loupe.runCommand`), headless over HTTP
 * (`POST /api/loupe/commands/<op>` with a JSON body, same origin only). Each op takes one JSON value and answers one.
 */

export type ThemeSetting = 'system' | 'light' | 'dark';

export type ForwardProtocol = 'otlp-http-protobuf' | 'otlp-http-json';

export interface ForwardingSettings {
  enabled: boolean;
  /** Base URL of the upstream: an OTLP endpoint (`/v1/traces` is appended) or a Langfuse host. */
  endpoint: string;
  protocol: ForwardProtocol;
  /** Extra headers sent upstream, e.g. `Authorization` for a Langfuse project (Basic public:secret). */
  headers: Record<string, string>;
}

export interface RetentionSettings {
  /** Traces older than this are removed; null keeps them forever. */
  maxAgeDays: number | null;
  /** When the store grows past this many bytes, the oldest traces are removed first; null for no limit. */
  maxBytes: number | null;
}

/** The OTLP/gRPC receiver, for the next start (the desktop app; headless mode takes `--grpc-port` or `--no-grpc`). */
export interface GrpcSettings {
  enabled: boolean;
  /** When taken, the next free port is used instead. */
  port: number;
}

/** Which web pages may send to the receiver from a browser (CORS), besides loopback origins and Loupe's own page. */
export interface CorsSettings {
  /** Exact origins (`https://app.example.com`), or `"*"` for any page. */
  allowedOrigins: string[];
}

/** The MCP server at `/mcp`, which lets a coding agent on this machine read the stored traces (ADR 0015). */
export interface McpSettings {
  enabled: boolean;
}

/** Everything persisted in `settings.json` in the data directory. Unknown keys in the file are kept untouched. */
export interface Settings {
  /** The receiver's port for the next start (the desktop app; headless mode takes `--port`). */
  port: number;
  grpc: GrpcSettings;
  /** Keys senders must present; both empty accepts any sender. */
  publicKey: string;
  secretKey: string;
  theme: ThemeSetting;
  retention: RetentionSettings;
  forwarding: ForwardingSettings;
  /** Desktop notifications for new error traces. */
  notifications: boolean;
  /** User price overrides for cost computation (validated by the cost module). */
  prices: unknown[];
  cors: CorsSettings;
  mcp: McpSettings;
}

/**
 * The settings as the UI reads them: the receiver's secret key never leaves the server (anyone who can read a
 * screen or a command reply could send as the app otherwise); the UI learns only whether one is set, and replaces
 * it by sending a new one.
 */
export type SettingsView = Omit<Settings, 'secretKey'> & { secretKeySet: boolean };

/** A change to the settings; a `secretKey` left out keeps the current one, an empty one removes it. */
export type SettingsPatch = { [K in keyof Settings]?: Settings[K] extends object ? Partial<Settings[K]> : Settings[K] };

export interface ImportRequest {
  fileName: string;
  /** The file's text (OTLP/JSON, JSON Lines, a Langfuse export, or Loupe's own export). */
  text: string;
}

export interface ImportResult {
  format: string;
  traces: number;
  observations: number;
  scores: number;
  /** OTLP log records, with or without a trace. */
  logs: number;
  /** Lines or records that could not be read, each naming the problem; the rest were imported. */
  errors: string[];
}

export interface ForwardingStatus {
  enabled: boolean;
  endpoint: string;
  state: 'off' | 'ok' | 'retrying' | 'failing';
  /** Batches waiting to go upstream, and their size on disk. */
  queuedBatches: number;
  queuedBytes: number;
  sentBatches: number;
  lastError: string | null;
  lastSuccessAt: number | null;
  /** Batches given up on: dropped from a full queue (oldest first) or rejected by the upstream with a 4xx. */
  droppedBatches?: number;
  /** What the user should know beyond the state, e.g. that legacy ingestion requests cannot go to an OTLP upstream. */
  notes?: string[];
}

/** How a coding agent reaches Loupe's MCP server, for the snippets on the Connect page. */
export interface McpConnection {
  enabled: boolean;
  /** `http://127.0.0.1:4318/mcp`; null when the receiver could not listen. */
  url: string | null;
  /** The data directory's MCP token (Authorization: Bearer …); null when it could not be read or written. */
  token: string | null;
}

/** The operations, with their argument and result types. */
export interface CommandOps {
  getSettings: { arg: null; result: SettingsView };
  updateSettings: { arg: SettingsPatch; result: SettingsView };
  sendSampleTrace: { arg: null; result: { traceId: string } };
  importFile: { arg: ImportRequest; result: ImportResult };
  forwardingStatus: { arg: null; result: ForwardingStatus };
  mcpConnection: { arg: null; result: McpConnection };
}

export type CommandOp = keyof CommandOps;

export const COMMAND_OPS: readonly CommandOp[] = [
  'getSettings',
  'updateSettings',
  'sendSampleTrace',
  'importFile',
  'forwardingStatus',
  'mcpConnection',
];

export const COMMANDS_HTTP_PREFIX = '/api/loupe/commands/';

/**
 * The header the page sends with each command over HTTP (value `1`): a custom header makes a cross-site request need a
 * CORS preflight, which the server never grants, so only the page it served can send commands.
 */
export const COMMAND_HEADER = 'x-loupe-ui';

/** What a command answers, over IPC and over HTTP: its result, or the message naming why it failed. */
export type CommandAnswer = { result: unknown } | { error: string };
