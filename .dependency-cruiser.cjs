/**
 * The architecture's dependency rules (shared/docs/ARCHITECTURE.md), checked on every test run:
 * no cycles; the support layer knows no business module; a module reaches another only through
 * its service functions, never its tables.
 */
const modules = '(customers|customer360|subscriptions|interactions|imports|dashboard|audit-trail|tasks|notifications|livechat|service|portal|sales|marketing|channels|warehouse|retention|automation)';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'platform-knows-no-business-module',
      comment: 'platform/ is the support layer; business modules build on it, never the reverse.',
      severity: 'error',
      from: { path: '^packages/server/src/platform/', pathNot: ['\\.test\\.ts$', '^packages/server/src/platform/db/schema\\.ts$'] },
      to: { path: `^packages/server/src/${modules}/` },
    },
    {
      name: 'no-reaching-into-another-modules-tables',
      comment: 'Use the other module\'s exported service functions; only the demo loader and the schema index see every table.',
      severity: 'error',
      // A table may reference another module's table (a foreign key); code may not query it.
      // The dashboard is a read-only read model over several modules until the warehouse serves it.
      from: { path: `^packages/server/src/${modules}/`, pathNot: ['\\.test\\.ts$', '/schema\\.ts$', '^packages/server/src/dashboard/service\\.ts$'] },
      to: { path: `^packages/server/src/${modules}/schema\\.ts$`, pathNot: '^packages/server/src/$1/' },
    },
    {
      name: 'clients-never-import-server-code',
      comment: 'The console and the widget share only packages/shared with the server.',
      severity: 'error',
      from: { path: '^packages/(web|widget)/' },
      to: { path: '^packages/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dist'] },
    tsPreCompilationDeps: true,
  },
};
