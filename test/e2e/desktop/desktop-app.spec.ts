import { expect, type Page, test } from '@playwright/test';
import { runSdk } from '../harness';
import { expectWeatherAgentTrace } from '../weather-agent';
import { buildDesktopApp, type DesktopApp, launchDesktopApp, newUserDataDir, type UserDataDir } from './desktop-app';

// The desktop app as a user gets it: the built main in Electron, its window, and batches reaching the page's store
// worker over the MessagePort from main. Each test starts on a fresh user data directory, as a first launch.

let main = '';
let userData: UserDataDir | null = null;
const launched: DesktopApp[] = [];

test.beforeAll(async () => {
  main = await buildDesktopApp();
});

test.beforeEach(async () => {
  userData = await newUserDataDir();
});

test.afterEach(async () => {
  const info = test.info();
  for (const app of launched.splice(0)) {
    if (info.status !== info.expectedStatus) await info.attach('desktop app output', { body: app.output() });
    await app.close();
  }
  userData?.remove();
  userData = null;
});

function currentUserData(): UserDataDir {
  if (!userData) throw new Error('no user data directory: beforeEach makes one');
  return userData;
}

/** Launches the app on this test's user data directory; afterEach closes it. */
async function launch(): Promise<DesktopApp> {
  const app = await launchDesktopApp(main, currentUserData().dir);
  launched.push(app);
  return app;
}

/** Where the window says to send traces: with no trace yet, the list leads with the endpoint actually listened on. */
async function endpointShown(window: Page, port: number): Promise<string> {
  const endpoint = window.getByTestId('empty-state').getByTestId('connect-endpoint');
  // The port from settings.json.
  await expect(endpoint).toHaveText(new RegExp(`^http://(127\\.0\\.0\\.1|localhost):${port}$`));
  return (await endpoint.textContent()) ?? '';
}

const traceRows = (window: Page) => window.getByRole('listbox', { name: 'Traces' }).getByRole('option');

test('a trace sent by the Langfuse SDK shows up in the window, with its generation, model and prompt', async () => {
  const { window } = await launch();
  await expect(traceRows(window)).toHaveCount(0);
  const endpoint = await endpointShown(window, currentUserData().port);
  await window.screenshot({ path: test.info().outputPath('desktop-first-launch.png') });

  await runSdk('langfuse-agent.mjs', endpoint, ['desktop-run', 'What is the weather in Paris today?']);

  const tree = await expectWeatherAgentTrace(window, 'desktop-run', 'desktop');
  await window.screenshot({ path: test.info().outputPath('desktop-generation.png') });

  await tree.filter({ hasText: 'answer-step' }).click();
  await expect(window.getByTestId('inspector-output')).toContainText('It is sunny in Paris, 21 °C.');
});

test('the traces are still listed after the app is closed and started again on the same user data', async () => {
  const first = await launch();
  const endpoint = await endpointShown(first.window, currentUserData().port);
  await runSdk('langfuse-agent.mjs', endpoint, ['before-restart', 'And in Lyon?']);
  await expect(traceRows(first.window).filter({ hasText: 'before-restart' })).toBeVisible();
  await first.close();

  const second = await launch();
  const rows = traceRows(second.window);
  await expect(rows.filter({ hasText: 'before-restart' })).toBeVisible();
  // Stored once: nothing the spool held at the quit comes back as a second copy.
  await expect(rows).toHaveCount(1);
  await second.window.screenshot({ path: test.info().outputPath('desktop-after-restart.png') });

  await rows.filter({ hasText: 'before-restart' }).click();
  await second.window.getByRole('treeitem').filter({ hasText: 'plan-step' }).click();
  await expect(second.window.getByTestId('inspector-model')).toHaveText(/gpt-4o-mini/);
  await expect(second.window.getByTestId('inspector-input')).toContainText('And in Lyon?');
});
