// ESLint 9 flat config. Besides a modest recommended rule set, two rules keep the module graph
// drawn in ARCHITECTURE.md true: `boundaries/dependencies` (which src folder may import which)
// and `import-x/no-cycle` (no import cycle, type-only imports included).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** One element per src folder; the bottom layer imports no feature. */
const ELEMENTS = [
  { type: 'app', pattern: 'src/*.ts', mode: 'file' },
  ...[
    'config', 'database', 'common', 'metrics', 'money', 'rate-limit', 'auth', 'health',
    'appeals', 'donations', 'progress', 'payments', 'organiser', 'widgets', 'pages', 'browser',
  ].map((type) => ({ type, pattern: `src/${type}`, mode: 'folder' })),
];

const BOTTOM = ['config', 'database', 'common', 'metrics', 'money'];

/** Who may import whom: every arrow points down. Anything not listed is refused. */
const ALLOWED = {
  app: ['*'],
  config: ['common'],
  database: ['config'],
  common: ['config', 'metrics'],
  metrics: ['config'],
  money: [],
  'rate-limit': ['config', 'common'],
  auth: [...BOTTOM, 'rate-limit'],
  health: BOTTOM,
  appeals: [...BOTTOM, 'auth'],
  donations: [...BOTTOM, 'auth', 'appeals'],
  progress: [...BOTTOM, 'appeals', 'donations'],
  payments: [...BOTTOM, 'auth', 'appeals', 'donations'],
  organiser: [...BOTTOM, 'auth', 'appeals', 'donations', 'progress'],
  widgets: [...BOTTOM, 'progress'],
  pages: [...BOTTOM, 'auth', 'rate-limit', 'appeals', 'donations', 'progress', 'payments', 'organiser', 'widgets'],
  browser: [],
};

const policies = Object.entries(ALLOWED).map(([from, to]) => ({
  from: { element: { type: from } },
  allow: { to: { element: { types: { anyOf: to.includes('*') ? ELEMENTS.map((e) => e.type) : [from, ...to] } } } },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'jest.config.js', 'src/payments/stripe/sandbox/fixtures.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest modules are classes with decorators and no body.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.mjs'],
    plugins: { boundaries, 'import-x': importX },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/include': ['src/**/*.ts', 'src/**/*.js', 'src/**/*.mjs'],
      ...importX.flatConfigs.typescript.settings,
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies }],
      // A file outside every element (a new top-level folder) must be given a place in the graph.
      'boundaries/no-unknown-files': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
    },
  },
  {
    // Browser code (served as static files): browser globals, and nothing from the server.
    files: ['src/browser/**/*.ts', 'src/browser/**/*.js', 'src/browser/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);
