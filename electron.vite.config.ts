import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/server/security/csp';

const core = { '@core': resolve(__dirname, 'src/core') };

/**
 * The built page carries its CSP in a meta tag too: Electron's response-header hook does not run for pages
 * loaded from file://. `frame-ancestors` is dropped because browsers ignore it in a meta tag. Dev mode keeps
 * the header from main, which allows Vite's inline React Refresh preamble.
 */
function cspMetaTag(): Plugin {
  const policy = contentSecurityPolicy()
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'loupe-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    resolve: { alias: core },
    build: {
      rollupOptions: {
        // The headless server is built with main: it shares the receiver and has no Electron import.
        // The decoding thread is its own entry: both apps start it from the file beside them.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/serve/index.ts'),
          'convert-worker': resolve(__dirname, 'src/server/convert/convert-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: core },
    build: {
      // A sandboxed preload cannot require() packages: bundle what it imports, and emit CommonJS.
      externalizeDeps: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    resolve: { alias: core },
    plugins: [react(), cspMetaTag()],
    // Minified, the page and its workers parse and start sooner: the store worker connects and writes earlier.
    build: { minify: true },
  },
});
