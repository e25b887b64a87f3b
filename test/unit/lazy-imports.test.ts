// Start-up guard: nothing reachable through static imports from src/commands/** may load
// a heavy module. Heavy modules must be `await import()`ed inside run().
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {ROOT} from '../helpers/cli.js';

const HEAVY = [/^@grpc\/grpc-js/, /^@kubernetes\/client-node/, /^koffi/, /^re2$/, /^@bufbuild\/protobuf/, /\/gen\//, /_pb\.js$/];

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Static (top-level) import specifiers of a TS file; `await import()` and `import type` are excluded. */
export function staticImports(src: string): string[] {
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (let m = re.exec(src); m; m = re.exec(src)) out.push(m[1]);
  return out;
}

function heavyChain(file: string, seen: Set<string>, chain: string[]): string[] | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const spec of staticImports(readFileSync(file, 'utf8'))) {
    if (HEAVY.some((h) => h.test(spec))) return [...chain, file, spec];
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (existsSync(target)) {
        const found = heavyChain(target, seen, [...chain, file]);
        if (found) return found;
      }
    }
  }
  return undefined;
}

describe('lazy imports', () => {
  it('finds static imports and ignores dynamic and type-only ones', () => {
    const src = "import a from 'x';\nimport type {T} from 'koffi';\nconst k = await import('koffi');\nexport {b} from './y.js';\n";
    assert.deepEqual(staticImports(src), ['x', './y.js']);
  });

  it('flags a heavy module imported at top level', () => {
    assert.ok(HEAVY.some((h) => h.test('@grpc/grpc-js')));
    assert.ok(HEAVY.some((h) => h.test('../hubble/gen/flow/flow_pb.js')));
  });

  const commands = walk(join(ROOT, 'src/commands'));
  it('covers at least one command', () => assert.ok(commands.length > 0));
  for (const file of commands) {
    it(`${file.slice(ROOT.length)} reaches no heavy module through static imports`, () => {
      const chain = heavyChain(file, new Set(), []);
      assert.equal(chain, undefined, `heavy import chain: ${chain?.map((c) => c.replace(ROOT, '')).join(' -> ')}`);
    });
  }
});
