// Bundles the three programs HTTP Lens ships: the extension, the language server and the CLI.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // Minified in every build: a command-line run starts from nothing each time, and less source to read is a
  // faster start; the benchmark then measures the CLI as it ships.
  { entryPoints: ['client/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, minify: true },
];

async function main() {
  const existing = entries.filter((e) => require('node:fs').existsSync(e.entryPoints[0]));
  if (watch) {
    for (const e of existing) await (await esbuild.context({ ...common, ...e })).watch();
    return;
  }
  await Promise.all(existing.map((e) => esbuild.build({ ...common, ...e })));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
