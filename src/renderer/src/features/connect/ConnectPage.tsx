import { ConnectContent } from './ConnectContent';

/** `#/connect`: set up an app to send traces here. */
export function ConnectPage() {
  return (
    <div className="connect-page">
      <h1>Connect an app</h1>
      <p>Point your app's tracing at Loupe and run it: traces show up as they arrive.</p>
      <ConnectContent followNewTrace />
    </div>
  );
}
