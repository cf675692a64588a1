import { TopBar } from './components/TopBar';
import { TraceList } from './features/trace-list/TraceList';
import { TraceView } from './features/trace-view/TraceView';
import { useRouteStore } from './route/route-store';

export function App() {
  const route = useRouteStore((s) => s.route);
  return (
    <div className="app">
      <TopBar />
      <main className="app-main">
        {route.view === 'trace' ? (
          <TraceView key={route.traceId} traceId={route.traceId} observationId={route.observationId} />
        ) : (
          <TraceList />
        )}
      </main>
    </div>
  );
}
