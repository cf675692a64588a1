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
  /** Browsers may send to it from any page (SDKs in web apps); its replies reveal nothing stored. */
  cors: boolean;
}

const ROUTES: Readonly<Record<RouteName, RouteSpec>> = {
  traces: { methods: ['POST'], auth: true, cors: true },
  logs: { methods: ['POST'], auth: true, cors: true },
  metrics: { methods: ['POST'], auth: true, cors: true },
  health: { methods: ['GET', 'HEAD'], auth: false, cors: false },
  ingestion: { methods: ['POST'], auth: true, cors: true },
  media: { methods: ['POST'], auth: true, cors: true },
  'media-item': { methods: ['GET', 'PATCH'], auth: true, cors: true },
  // The upload URL stands in for a presigned one: SDKs PUT to it without their keys.
  'media-upload': { methods: ['PUT'], auth: false, cors: true },
  // For the UI, which knows no keys; the Host check keeps other web pages out.
  'media-bytes': { methods: ['GET', 'HEAD'], auth: false, cors: false },
  prompt: { methods: ['GET'], auth: true, cors: false },
  projects: { methods: ['GET'], auth: true, cors: false },
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

export function allowHeader(spec: RouteSpec): string {
  return [...spec.methods, 'OPTIONS'].join(', ');
}
