// Locating the installed package: code may run from dist/ or from a bundle chunk in
// dist/bundle/, so never build paths from one file's own import.meta.url.
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

let root: string | undefined;

/** The directory holding axon's package.json (walks up from this module). */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as {name?: string}).name === 'axon') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find axon package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** A path inside the installed package, e.g. packagePath('bpf', 'drop_port.bpf.o'). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
