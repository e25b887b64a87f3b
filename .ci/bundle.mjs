// Part of `npm run build`: bundle the compiled commands with esbuild (code splitting, ESM) into
// dist/bundle/, so a command loads a few files instead of hundreds of modules. Native and very
// large packages stay external; dynamic imports become their own chunks and stay lazy.
import {build} from 'esbuild';
import {mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const walk = (d) => readdirSync(d).flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.js') ? [p] : [];
});

mkdirSync('dist/bundle-src', {recursive: true});
writeFileSync('dist/bundle-src/oclif.js', "export {execute} from '@oclif/core';\n");
const entryPoints = [
  ...walk('dist/commands').map((p) => ({in: p, out: p.slice('dist/'.length, -3)})),
  {in: 'dist/hooks/not-found.js', out: 'hooks/not-found'},
  {in: 'dist/bundle-src/oclif.js', out: 'oclif'},
];

// A package reached through `await import('pkg')` stays external: Node gives a CommonJS package
// its named exports there, esbuild's chunk would only have `default`. Such imports are lazy anyway.
const dynamicPackagesExternal = {
  name: 'dynamic-packages-external',
  setup(b) {
    b.onResolve({filter: /^[^./]/}, (args) => (args.kind === 'dynamic-import' ? {path: args.path, external: true} : undefined));
  },
};

await build({
  entryPoints,
  plugins: [dynamicPackagesExternal],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Native addons and packages that locate files relative to themselves are loaded from node_modules.
  external: ['re2', 'koffi', '@grpc/grpc-js', '@kubernetes/client-node', 'typescript', 'tsx', 'tsx/*'],
  // Bundled CommonJS code (oclif) calls require(); give ESM chunks one.
  banner: {js: "import {createRequire as __axonRequire} from 'node:module'; const require = __axonRequire(import.meta.url);"},
});
