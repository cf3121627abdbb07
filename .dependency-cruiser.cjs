/**
 * The layering of src/ (README, Design), checked on every `npm test`: no import cycles, and arrows point
 * down only. From the bottom up:
 *   lib/, errors.ts, config.ts, logger.ts   pure helpers and the domain's errors
 *   store/                                  entities, indexes, persistence
 *   engine/                                 clock, tasks, latency, capacity
 *   wire/                                   formats: media, negotiation, XML/JSON, rendering, links
 *   world.ts                                what resources see of the simulator
 *   resources/                              one folder per kind; registry.ts lists them
 *   faults/ contract/ observe/ dashboard/ scenarios/ control/, host.ts, app.ts, fastpath.ts   the HTTP side
 *   sim.ts                                  the composition root; only index.ts and cli.ts import it
 * Type-only imports count: a cycle of types is still a cycle of knowledge.
 */
const HTTP_SIDE = '^src/(app|fastpath|host)\\.ts$|^src/(faults|contract|observe|dashboard|scenarios|control|http)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a circle: break it with a narrower interface (world.ts, host.ts).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'A relative import that names no file.',
      from: { path: '^src/' },
      to: { couldNotResolve: true, path: '^\\.' },
    },
    {
      name: 'composition-root-on-top',
      severity: 'error',
      comment: 'Only the entry points (index.ts, cli.ts) import the composition root; everything else gets a World or a Host.',
      from: { path: '^src/', pathNot: '^src/(index|cli)\\.ts$' },
      to: { path: '^src/sim\\.ts$' },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      comment: 'lib/ and errors.ts are pure helpers: they import nothing else of the simulator.',
      from: { path: '^src/(lib/|errors\\.ts$)' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'store-below-engine',
      severity: 'error',
      comment: 'store/ keeps entities; it knows nothing of engines, formats, resources or the HTTP side.',
      from: { path: '^src/store/' },
      to: { path: `^src/(engine|wire|resources)/|^src/world\\.ts$|${HTTP_SIDE}` },
    },
    {
      name: 'engine-below-resources',
      severity: 'error',
      comment: 'engine/ runs on the store; it knows nothing of formats, resources or the HTTP side.',
      from: { path: '^src/engine/' },
      to: { path: `^src/(wire|resources)/|^src/world\\.ts$|${HTTP_SIDE}` },
    },
    {
      name: 'wire-is-formats-only',
      severity: 'error',
      comment: 'wire/ renders and parses; it knows no engine, resource or HTTP-side module.',
      from: { path: '^src/wire/' },
      to: { path: `^src/(engine|resources)/|^src/world\\.ts$|${HTTP_SIDE}` },
    },
    {
      name: 'world-is-narrow',
      severity: 'error',
      comment: 'world.ts names state and engines only.',
      from: { path: '^src/world\\.ts$' },
      to: { path: `^src/(wire|resources)/|${HTTP_SIDE}` },
    },
    {
      name: 'resources-see-the-world',
      severity: 'error',
      comment: 'Resources get a World: never the Host, the server, the dashboard, scenarios or the control API.',
      from: { path: '^src/resources/' },
      to: { path: HTTP_SIDE },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
