import { ViewBoundary } from './components/ErrorBoundary';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { TopBar } from './components/TopBar';
import { AnalysisPage } from './features/analysis/AnalysisPage';
import { ComparePage } from './features/compare/ComparePage';
import { ConnectPage } from './features/connect/ConnectPage';
import { LogsPage } from './features/logs/LogsPage';
import { SessionList } from './features/sessions/SessionList';
import { SessionView } from './features/sessions/SessionView';
import { SettingsPage } from './features/settings/SettingsPage';
import { TraceList } from './features/trace-list/TraceList';
import { TraceView } from './features/trace-view/TraceView';
import { ImportDropZone } from './features/transfer/ImportDropZone';
import { type Route, useRouteStore } from './route/route-store';

const VIEW_TITLES: Record<Route['view'], string> = {
  trace: 'This trace could not be shown',
  compare: 'This comparison could not be shown',
  sessions: 'The session list could not be shown',
  analysis: 'The analysis could not be shown',
  settings: 'Settings could not be shown',
  connect: 'The connection guide could not be shown',
  logs: 'The log records could not be shown',
  session: 'This session could not be shown',
  list: 'The trace list could not be shown',
};

const ID_LABELS: Record<string, string> = {
  traceId: 'Trace id',
  observationId: 'Observation id',
  tab: 'Tab',
  sessionId: 'Session id',
  traceA: 'Trace A',
  traceB: 'Trace B',
  observationA: 'Observation A',
  observationB: 'Observation B',
  query: 'Filters',
};

/** The ids a routed page is about, for its error panel; a change of any of them tries the page again. */
function routeIds(route: Route): [string, unknown][] {
  const ids: [string, unknown][] = [['View', route.view]];
  for (const [key, value] of Object.entries(route))
    if (key !== 'view' && typeof value === 'string' && value !== '') ids.push([ID_LABELS[key] ?? key, value]);
  return ids;
}

/** Each routed page in its own boundary, below the top bar: whatever a page fails on, Settings stays reachable. */
function Page() {
  const route = useRouteStore((s) => s.route);
  return (
    <ViewBoundary title={VIEW_TITLES[route.view]} ids={routeIds(route)}>
      <RoutedPage route={route} />
    </ViewBoundary>
  );
}

function RoutedPage({ route }: { route: Route }) {
  switch (route.view) {
    case 'trace':
      return (
        <TraceView key={route.traceId} traceId={route.traceId} observationId={route.observationId} tab={route.tab} />
      );
    case 'compare':
      return (
        <ComparePage
          key={`${route.traceA}/${route.traceB}`}
          traceA={route.traceA}
          traceB={route.traceB}
          observationA={route.observationA}
          observationB={route.observationB}
        />
      );
    case 'sessions':
      return <SessionList />;
    case 'analysis':
      return <AnalysisPage query={route.query} />;
    case 'settings':
      return <SettingsPage />;
    case 'connect':
      return <ConnectPage />;
    case 'logs':
      return <LogsPage />;
    case 'session':
      return <SessionView key={route.sessionId} sessionId={route.sessionId} />;
    default:
      return <TraceList />;
  }
}

export function App() {
  return (
    <div className="app">
      <TopBar />
      <main className="app-main">
        <Page />
      </main>
      <ShortcutsOverlay />
      <ImportDropZone />
    </div>
  );
}
