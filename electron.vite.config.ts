import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const core = { '@core': resolve(__dirname, 'src/core') };

export default defineConfig({
  main: {
    resolve: { alias: core },
    build: {
      rollupOptions: {
        // The headless server is built with main: it shares the receiver and has no Electron import.
        input: { index: resolve(__dirname, 'src/main/index.ts'), serve: resolve(__dirname, 'src/serve/index.ts') },
      },
    },
  },
  preload: {
    resolve: { alias: core },
    build: {
      // A sandboxed preload cannot require() packages: bundle Dexie in, and emit CommonJS.
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    resolve: { alias: core },
    plugins: [react()],
  },
});
