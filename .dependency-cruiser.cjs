/** Module boundaries: core knows no module; a module reaches another only through its index.ts. */
module.exports = {
  forbidden: [
    {
      name: 'core-knows-no-module',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(modules|app|cli)/' },
    },
    {
      name: 'module-through-index-only',
      comment: 'A module imports another module only through that module\'s index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'modules-not-app',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(app|cli)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
