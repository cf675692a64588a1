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
import { useRouteStore } from './route/route-store';

function Page() {
  const route = useRouteStore((s) => s.route);
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
