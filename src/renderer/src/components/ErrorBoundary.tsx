import { Component, type ErrorInfo, type ReactNode } from 'react';
import { LIST_HASH, SETTINGS_HASH } from '../route/route-store';

/**
 * Production React replaces its messages with a code and a link; the one a broken stored value causes gets its words
 * back, so the panel says what went wrong without a trip to react.dev.
 */
const REACT_ERRORS: Record<string, string> = {
  '31': 'a stored value is an object where the view expected text or a number',
};

/** The message of whatever was thrown, never throwing itself. */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) {
      const code = /Minified React error #(\d+)/.exec(error.message)?.[1];
      const known = code === undefined ? undefined : REACT_ERRORS[code];
      return known ? `${known} (React error #${code})` : error.message || error.name;
    }
    return String(error);
  } catch {
    return 'an error that cannot be described';
  }
}

interface BoundaryProps {
  /** What replaces the children once they threw. */
  fallback: (error: unknown) => ReactNode;
  /** A change of any of these (the route, the trace) tries the children again. */
  resetKeys?: readonly unknown[];
  children: ReactNode;
}

interface BoundaryState {
  error: unknown;
  failed: boolean;
  keys: readonly unknown[] | undefined;
}

const sameKeys = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((k, i) => Object.is(k, b[i])));

/**
 * Keeps a failure where it happened: a row or a view that throws while rendering is replaced by its fallback, and
 * the rest of the app (the top bar with Settings, the other rows) stays usable.
 */
export class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, failed: false, keys: this.props.resetKeys };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    if (sameKeys(props.resetKeys, state.keys)) return null;
    return { error: null, failed: false, keys: props.resetKeys };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Loupe could not render part of the page:', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.state.error) : this.props.children;
  }
}

/** One line in place of a row: what failed and which trace (or record) it was. */
export function RowError({ error, id, className }: { error: unknown; id: unknown; className?: string }) {
  return (
    <div className={`row-error${className ? ` ${className}` : ''}`} role="alert" data-testid="row-error">
      This row could not be shown: {errorMessage(error)}
      <span className="mono row-error-id">{typeof id === 'string' ? id : String(id)}</span>
    </div>
  );
}

/** A row boundary: `render` of the row in a boundary that shows `RowError` for the given id. */
export function RowBoundary({
  id,
  className,
  style,
  resetKeys,
  children,
}: {
  id: unknown;
  className?: string;
  /** A change of any of these (the row now shows another trace) tries the row again. */
  resetKeys?: readonly unknown[];
  style?: React.CSSProperties;
  children: ReactNode;
}) {
  return (
    <ErrorBoundary
      resetKeys={resetKeys}
      fallback={(error) => (
        <div style={style} className="row-error-wrap">
          <RowError error={error} id={id} className={className} />
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

/** A view that failed: the error, the ids involved, and the ways out (the list, Settings with "Delete all data"). */
export function ViewError({ title, error, ids }: { title: string; error: unknown; ids: [string, unknown][] }) {
  return (
    <section className="view-error" role="alert" data-testid="view-error">
      <h2 className="view-error-title">{title}</h2>
      <p className="view-error-message mono">{errorMessage(error)}</p>
      {ids.length > 0 && (
        <dl className="view-error-ids">
          {ids.map(([label, id]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="mono">{typeof id === 'string' ? id : String(id)}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted">
        Something stored for it cannot be shown. The rest of Loupe works: go back to the list, or delete the stored data
        in Settings if it keeps failing.
      </p>
      <div className="view-error-actions">
        <a className="view-error-button" href={LIST_HASH}>
          ← Back to the trace list
        </a>
        <a className="view-error-button" href={SETTINGS_HASH}>
          Open Settings
        </a>
      </div>
    </section>
  );
}

/**
 * A view in a boundary that shows `ViewError`; a change of `ids` (another trace, another page) tries again. `frame`
 * is the class of an element around the panel that takes the failed view's place in its layout (e.g. the inspector).
 */
export function ViewBoundary({
  title,
  ids,
  frame,
  children,
}: {
  title: string;
  ids: [string, unknown][];
  frame?: string;
  children: ReactNode;
}) {
  const panel = (error: unknown) => <ViewError title={title} error={error} ids={ids} />;
  return (
    <ErrorBoundary
      resetKeys={ids.flat()}
      fallback={(error) => (frame ? <div className={frame}>{panel(error)}</div> : panel(error))}
    >
      {children}
    </ErrorBoundary>
  );
}
