// `npm run bench`: every bench/*.mjs script except the helpers, one after another.
import {execFileSync} from 'node:child_process';
import {readdirSync} from 'node:fs';

const only = process.argv.slice(2);
for (const f of readdirSync(new URL('.', import.meta.url)).sort()) {
  if (!f.endsWith('.mjs') || ['lib.mjs', 'run-all.mjs'].includes(f)) continue;
  if (only.length && !only.includes(f.replace('.mjs', ''))) continue;
  console.log(`=== bench/${f}`);
  execFileSync(process.execPath, [new URL(f, import.meta.url).pathname], {stdio: 'inherit'});
}
