// Nest 12 and several of its dependencies ship ES modules only, and Jest's module system on
// Node 20 cannot require() them, so @swc/jest compiles every ESM package to CommonJS along with
// our TypeScript. The list is read from node_modules so a dependency update cannot break it.
const fs = require('node:fs');
const path = require('node:path');

function esmPackages(root = path.join(__dirname, 'node_modules')) {
  const names = [];
  const isEsm = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  };
  for (const entry of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    if (entry.startsWith('@')) {
      for (const sub of fs.readdirSync(path.join(root, entry))) if (isEsm(path.join(root, entry, sub))) names.push(`${entry}/${sub}`);
    } else if (isEsm(path.join(root, entry))) names.push(entry);
  }
  return names.map((n) => n.replace(/[.+]/g, '\\$&'));
}

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

// CommonJS packages that load an ESM dependency with import(), which Jest's VM cannot do without
// --experimental-vm-modules: compiled too, so their import() becomes a require().
const DYNAMIC_IMPORTERS = ['@fastify/cookie'];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${[...esmPackages(), ...DYNAMIC_IMPORTERS].join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
};
