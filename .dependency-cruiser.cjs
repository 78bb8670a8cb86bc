/** Layer rules: the domain is pure; adapters are reached only through their ports. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain decides; it does no I/O and knows no framework, database or adapter.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: [
          '^node_modules/@nestjs/',
          '^node_modules/pg/',
          '^node_modules/@electric-sql/',
          '^node_modules/jose/',
          '^node_modules/oidc-provider/',
          '^libs/(event-store|identity|read-models)/',
          '^src/',
        ],
      },
    },
    {
      name: 'domain-no-io-builtins',
      comment: 'No file system, network or process access from the domain.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'], path: '^(fs|node:fs|net|node:net|http|node:http|https|node:https|child_process|node:child_process|fs/promises|node:fs/promises)$' },
    },
    {
      name: 'libs-do-not-import-the-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^src/' },
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
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};
