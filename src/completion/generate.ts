// `node dist/completion/generate.js` (run by `npm run gen` after the build): writes the three
// shell scripts into completions/ from oclif.manifest.json. CI fails when they differ from git.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {packageRoot} from '../paths.js';
import {loadCliInfo} from './manifest.js';
import {renderScript, SCRIPT_FILES, SHELLS} from './scripts/index.js';

const info = loadCliInfo();
const dir = join(packageRoot(), 'completions');
mkdirSync(dir, {recursive: true});
for (const shell of SHELLS) {
  const file = join(dir, SCRIPT_FILES[shell]);
  writeFileSync(file, renderScript(shell, info));
  console.log(`gen: wrote ${file}`);
}
