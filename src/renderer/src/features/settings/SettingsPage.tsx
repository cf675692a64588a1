import { useEffect } from 'react';
import { SettingsForm } from './SettingsForm';
import { StorageSection } from './StorageSection';
import { useSettingsStore } from './settings-store';
import '../connect/connect.css';
import './settings.css';

/** `#/settings`. */
export function SettingsPage() {
  const settings = useSettingsStore((s) => s.settings);
  const loadError = useSettingsStore((s) => s.loadError);
  useEffect(() => {
    void useSettingsStore.getState().load();
  }, []);
  return (
    <div className="settings-page">
      <h1>Settings</h1>
      {settings ? (
        <SettingsForm settings={settings} />
      ) : (
        <p className={loadError ? 'settings-error' : 'muted'}>
          {loadError ? `Could not read the settings: ${loadError}` : 'Loading…'}
        </p>
      )}
      <StorageSection />
    </div>
  );
}
