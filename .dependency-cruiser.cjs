/**
 * The architecture's layering, checked by `npm run lint` (`depcruise src`). Every rule is an error: one violation
 * fails the lint.
 *
 *   src/core      pure TypeScript that every process runs: Node main, its worker threads, the page, web workers
 *   src/server    the Electron-free server (receiver, spool, hub, forwarder...), shared by both apps
 *   src/main      the Electron shell             src/serve     the headless entry
 *   src/preload   the thin typed bridge          src/renderer  the React page
 *
 * Tests (`*.test.ts(x)`, `*.bench.ts`) are held to the same rules as the code beside them, with one exception.
 * Core's tests stay inside core (no other layer, no Electron, Dexie or React) but read their fixtures from disk,
 * so they may use the builtins that takes (fs, path, url, zlib, as they do today) and no other. The helpers under test/ that src tests import
 * (fixture loaders, a spawned headless server) are Node-side test code and are not a layer: only not-to-test,
 * the cycle rule and the resolution rules look at them.
 *
 * Type-only imports count for the layering rules (a type from `src/server` is still knowledge of the server)
 * but not for the cycle rule.
 */

const TESTS = '\\.(test|bench)\\.tsx?$';
const LAYERS = {
  core: '^src/core/',
  server: '^src/server/',
  main: '^src/main/',
  serve: '^src/serve/',
  preload: '^src/preload/',
  renderer: '^src/renderer/',
};
/** A package's own files or its @types, whichever a (type) import resolves to. */
const pkg = (...names) => `(^|/)node_modules/(@types/)?(${names.join('|')})/`;

module.exports = {
  forbidden: [
    // --- core -----------------------------------------------------------------------------------------------
    {
      name: 'core-no-node-builtins',
      comment:
        'src/core runs in the page and in web workers too, where there is no Node: use what every runtime has ' +
        '(see src/core/runtime-globals.d.ts), or move the code to src/server.',
      severity: 'error',
      from: { path: LAYERS.core, pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-tests-fixture-builtins-only',
      comment:
        "core's tests may read fixtures from disk (fs, path, url, zlib) and nothing more of Node: what they test " +
        'has to run without it.',
      severity: 'error',
      from: { path: `${LAYERS.core}.*${TESTS}` },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(fs|path|url|zlib)$' },
    },
    {
      name: 'core-no-platform-packages',
      comment:
        'src/core is shared by every process: Electron, Dexie and React belong to main/preload, the store and ' +
        'the page, not to code the server and workers load.',
      severity: 'error',
      from: { path: LAYERS.core },
      to: { path: pkg('electron', 'dexie', 'dexie-react-hooks', 'fake-indexeddb', 'react', 'react-dom') },
    },
    {
      name: 'core-no-app-layers',
      comment: 'src/core is the bottom layer: everything may import it, it imports none of them (tests included).',
      severity: 'error',
      from: { path: LAYERS.core },
      to: { path: '^src/(main|server|serve|preload|renderer)/' },
    },

    // --- renderer -------------------------------------------------------------------------------------------
    {
      name: 'renderer-no-process-layers',
      comment:
        'The page reaches the server only over the wire (window.loupe and the store port in the desktop app, a ' +
        "WebSocket headless): it imports neither the server nor either app's entry, and no Electron (it is " +
        'sandboxed in the desktop app and a plain browser page headless). It knows the preload only as the ' +
        "window.loupe type (src/preload/index.d.ts, read by tsconfig.web.json): derive the API's type from " +
        "`Window['loupe']` rather than importing src/preload.",
      severity: 'error',
      from: { path: LAYERS.renderer },
      to: { path: ['^src/(main|server|serve|preload)/', pkg('electron')] },
    },

    // --- server -----------------------------------------------------------------------------------------------
    {
      name: 'server-no-app-layers',
      comment:
        'src/server sits below both apps and beside the page: main and serve import it, it imports neither ' +
        'them nor the preload or the page (their side of the wire is in src/core), and no Electron, so the ' +
        'headless entry (npm run serve) runs it on plain Node.',
      severity: 'error',
      from: { path: LAYERS.server },
      to: { path: ['^src/(main|serve|preload|renderer)/', pkg('electron')] },
    },

    // --- the two entries --------------------------------------------------------------------------------------
    {
      name: 'serve-no-electron-shell',
      comment: 'The headless entry runs on plain Node: no Electron, and nothing from the Electron shell.',
      severity: 'error',
      from: { path: LAYERS.serve },
      to: { path: [LAYERS.main, pkg('electron')] },
    },
    {
      name: 'main-no-serve',
      comment:
        'The two entries are siblings over src/server: what both need belongs in src/server, not in one of them.',
      severity: 'error',
      from: { path: LAYERS.main },
      to: { path: LAYERS.serve },
    },

    // --- preload ----------------------------------------------------------------------------------------------
    {
      name: 'preload-thin-bridge',
      comment:
        'The preload is a thin typed bridge between main and the page: no database (Dexie) and no store code ' +
        "from the page: the page's store worker does the writes, the preload only passes main's port on to it.",
      severity: 'error',
      from: { path: LAYERS.preload },
      to: { path: [pkg('dexie'), '^src/renderer/src/store/'] },
    },

    // --- everywhere -------------------------------------------------------------------------------------------
    {
      name: 'no-circular',
      comment:
        'A runtime import cycle makes module start-up order matter (a value read before it is set). Cycles made ' +
        'only of `import type` are erased at build time and allowed.',
      severity: 'error',
      from: {},
      to: {
        circular: true,
        dependencyTypesNot: ['type-only'],
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },
    {
      name: 'not-to-test',
      comment: 'Only tests import tests and the test helpers under test/: they are not built into the app.',
      severity: 'error',
      from: { pathNot: [TESTS, '^test/'] },
      to: { path: [TESTS, '^test/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file: a typo, a moved module, or a package missing from package.json.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment:
        'An npm package imported but not listed in package.json works only by accident (hoisted by another ' +
        'package) and breaks when that one changes: add it to package.json.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-deprecated-core',
      comment: 'A deprecated Node builtin: use its replacement.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['core'], path: '^(node:)?(punycode|domain|constants|sys|_linklist|_stream_wrap)$' },
    },
    // Left out of dependency-cruiser's recommended set: no-orphans (entries, workers and d.ts files are loaded by
    // the build, not imported), not-to-dev-dep (Electron and the build tools are devDependencies: electron-vite
    // bundles what the app uses) and the package-deprecation warnings (npm reports those on install).
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // See `import type` so the layering rules cover it and the cycle rule can leave it out.
    tsPreCompilationDeps: true,
    // For the @core/* alias.
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
