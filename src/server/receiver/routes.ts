/** The HTTP API Loupe answers, besides the UI: OTLP/HTTP and the parts of the Langfuse public API that SDKs call. */
export type RouteName =
  | 'traces'
  | 'logs'
  | 'metrics'
  | 'health'
  | 'ingestion'
  | 'media'
  | 'media-item'
  | 'media-upload'
  | 'media-bytes'
  | 'prompt'
  | 'projects';

export interface RouteSpec {
  /** Methods besides OPTIONS. */
  methods: readonly string[];
  /** Senders must present the configured keys (when there are any). */
  auth: boolean;
  /**
   * Browser SDKs in a local web app may send to it (CORS for loopback origins and the ones the user allowed); its
   * replies reveal nothing stored to senders without the keys.
   */
  cors: boolean;
  /** The media types (essence, lowercase) a body sent to it may have; null takes any (uploaded media bytes). */
  accepts: readonly string[] | null;
}

/** OTLP/HTTP: JSON, or protobuf under either of the names exporters use. */
export const OTLP_TYPES = ['application/json', 'application/x-protobuf', 'application/protobuf'] as const;
const JSON_TYPES = ['application/json'] as const;

const ROUTES: Readonly<Record<RouteName, RouteSpec>> = {
  traces: { methods: ['POST'], auth: true, cors: true, accepts: OTLP_TYPES },
  logs: { methods: ['POST'], auth: true, cors: true, accepts: OTLP_TYPES },
  metrics: { methods: ['POST'], auth: true, cors: true, accepts: OTLP_TYPES },
  health: { methods: ['GET', 'HEAD'], auth: false, cors: false, accepts: null },
  ingestion: { methods: ['POST'], auth: true, cors: true, accepts: JSON_TYPES },
  // Whether a hash is stored shows in the replies (uploadUrl null, 204 or 404): keys when set, and no foreign origins.
  media: { methods: ['POST'], auth: true, cors: true, accepts: JSON_TYPES },
  'media-item': { methods: ['GET', 'PATCH'], auth: true, cors: true, accepts: JSON_TYPES },
  // The upload URL stands in for a presigned one: SDKs PUT to it without their keys.
  'media-upload': { methods: ['PUT'], auth: false, cors: true, accepts: null },
  // For the UI, which knows no keys; the Host check keeps other web pages out.
  'media-bytes': { methods: ['GET', 'HEAD'], auth: false, cors: false, accepts: null },
  prompt: { methods: ['GET'], auth: true, cors: false, accepts: null },
  projects: { methods: ['GET'], auth: true, cors: false, accepts: null },
};

const EXACT: ReadonlyMap<string, RouteName> = new Map([
  ['/v1/traces', 'traces'],
  ['/api/public/otel/v1/traces', 'traces'],
  ['/v1/logs', 'logs'],
  ['/api/public/otel/v1/logs', 'logs'],
  ['/v1/metrics', 'metrics'],
  ['/api/public/otel/v1/metrics', 'metrics'],
  ['/api/public/health', 'health'],
  ['/api/public/ingestion', 'ingestion'],
  ['/api/public/media', 'media'],
  ['/api/public/projects', 'projects'],
]);

const PATTERNS: readonly [RegExp, RouteName][] = [
  [/^\/api\/public\/media\/([^/]+)$/, 'media-item'],
  [/^\/api\/public\/media\/([^/]+)\/upload$/, 'media-upload'],
  [/^\/media\/([^/]+)$/, 'media-bytes'],
  [/^\/api\/public\/v2\/prompts\/([^/]+)$/, 'prompt'],
];

export interface Match {
  name: RouteName;
  spec: RouteSpec;
  /** The path parameter (media id, prompt name), decoded. */
  param: string;
}

export function matchRoute(path: string): Match | null {
  const exact = EXACT.get(path);
  if (exact) return { name: exact, spec: ROUTES[exact], param: '' };
  for (const [pattern, name] of PATTERNS) {
    const m = pattern.exec(path);
    if (!m) continue;
    let param: string;
    try {
      param = decodeURIComponent(m[1] ?? '');
    } catch {
      param = m[1] ?? '';
    }
    return { name, spec: ROUTES[name], param };
  }
  return null;
}

/**
 * Paths the receiver answers for even when no route matches, so that a mistyped endpoint gets a 404 naming it, for
 * every method, rather than whatever the UI's server says about a path it does not have.
 */
const NAMESPACES = ['/v1/', '/api/public/', '/media/'];

export function isReceiverNamespace(path: string): boolean {
  return NAMESPACES.some((prefix) => path.startsWith(prefix));
}

export function allowHeader(spec: RouteSpec): string {
  return [...spec.methods, 'OPTIONS'].join(', ');
}
