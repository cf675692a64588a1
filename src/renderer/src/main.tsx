import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onStored, startConnection } from './connection/connect';
import { PageKeyBanner } from './connection/PageKeyBanner';
import { prewarmAnalysisWhenQuiet } from './features/analysis/analysis-client';
import { startSettings } from './features/settings/settings-store';
import { reportNewErrorTraces } from './lib/error-badge';
import { followMenuCommands } from './lib/menu-commands';
import { applyTheme } from './lib/prefs-store';
import { followLocation } from './route/route-store';
import './styles/base.css';
import './styles/components.css';

// Started once for the page's lifetime, outside React, so StrictMode's double effects cannot open two connections;
// and first of all, before the views' code loads, so the store worker starts and takes what waits meanwhile.
startConnection();
const app = import('./App');
followLocation();
applyTheme();
followMenuCommands();
reportNewErrorTraces(onStored);
startSettings();
// The Analysis view's worker loads once nothing waits to be stored and the page is idle, so the first visit does not
// wait for it and a backlog's first frames do not wait for a core.
prewarmAnalysisWhenQuiet();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const { App } = await app;
createRoot(container).render(
  <StrictMode>
    <App />
    <PageKeyBanner />
  </StrictMode>,
);
