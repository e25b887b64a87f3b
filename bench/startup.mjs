// Start-up cost: medians of `axon --version` and `axon --help` vs `node -e 0`, same run.
import {BIN, compare, writeResult} from './lib.mjs';

const node = process.execPath;
const r = compare({
  'node -e 0': [node, ['-e', '0']],
  'axon --version': [node, [BIN, '--version']],
  'axon --help': [node, [BIN, '--help']],
  'axon version': [node, [BIN, 'version', '--json']],
}, Number(process.env.RUNS ?? 25));
const base = r['node -e 0'].median_ms;
const ratios = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, +(v.median_ms / base).toFixed(3)]));
writeResult('startup', {results: r, ratio_vs_node: ratios, goals: {'axon --version': '<= 1.4x node -e 0'}});
