// Bundles realtime-js (and its phoenix dependency) into one browser ES module, deterministically,
// with the packages' licence comments kept at the end of the file.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const version = JSON.parse(readFileSync(new URL('./node_modules/@supabase/realtime-js/package.json', import.meta.url))).version;
const out = process.argv[2] || new URL('../resources/static/vendor/realtime-js.mjs', import.meta.url).pathname;

await build({
  entryPoints: [new URL('./entry.js', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  banner: { js: `/* @supabase/realtime-js ${version} (MIT), bundled by notifier-gateway/src/main/dashboard: do not edit */` },
  outfile: out,
  logLevel: 'warning',
});
// The bundle carries code of these packages; their licences travel with it.
const licences = [
  ['@supabase/realtime-js', 'node_modules/@supabase/realtime-js/LICENSE'],
  ['@supabase/phoenix', 'node_modules/@supabase/phoenix/LICENSE.md'],
  ['tslib', 'node_modules/tslib/LICENSE.txt'],
].map(([name, file]) => `== ${name}\n\n${readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').trim()}\n`);
writeFileSync(out.replace(/[^/]+$/, 'LICENSES.txt'), `Licences of the code bundled in realtime-js.mjs\n\n${licences.join('\n')}`);
console.log(`wrote ${out} and LICENSES.txt (realtime-js ${version})`);
