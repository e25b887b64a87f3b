import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {formatTabwriter, NESTED_TABWRITER, STATUS_TABWRITER, type TabwriterOptions} from '../../../src/render/tabwriter.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/cilium/${name}`, import.meta.url), 'utf8');

interface Case {
  name: string;
  opts: TabwriterOptions;
  input: string;
  want: string;
}

const cases: Case[] = [
  {
    name: 'upstream health golden (4 healthy nodes, nothing listed)',
    opts: STATUS_TABWRITER,
    input: 'Cluster health:\t4/4 reachable\t(2023-04-01T12:00:00Z)\t(Probe interval: 1m14s)\nName\tIP\tNode\tEndpoints\n',
    want: 'Cluster health:   4/4 reachable   (2023-04-01T12:00:00Z)   (Probe interval: 1m14s)\nName              IP              Node                     Endpoints\n',
  },
  {
    name: 'upstream health golden (one failing node)',
    opts: STATUS_TABWRITER,
    input: 'Cluster health:\t3/4 reachable\t(2023-04-01T12:00:00Z)\t(Probe interval: 8m5s)\nName\tIP\tNode\tEndpoints\n  node3\t192.168.1.3\t0/1\t0/1\n',
    want:
      'Cluster health:   3/4 reachable   (2023-04-01T12:00:00Z)   (Probe interval: 8m5s)\n' +
      'Name              IP              Node                     Endpoints\n' +
      '  node3           192.168.1.3     0/1                      0/1\n',
  },
  {
    name: 'section 4.3 all reachable (rows widen the name column)',
    opts: STATUS_TABWRITER,
    input:
      'Cluster health:\t3/3 reachable\t(2026-06-01T10:15:30Z)\t(Probe interval: 1m0s)\n' +
      'Name\tIP\tNode\tEndpoints\n' +
      '  kind-kind/kind-worker (localhost)\t172.18.0.3\t1/1\t1/1\n' +
      '  kind-kind/kind-control-plane\t172.18.0.2\t1/1\t1/1\n' +
      '  kind-kind/kind-worker2\t172.18.0.4\t1/1\t1/1\n',
    want: fixture('health-all-reachable.txt'),
  },
  {
    name: 'last terminated cell is padded, trailing cell is not',
    opts: STATUS_TABWRITER,
    input: 'KVStore:\tDisabled\t\nKubernetes:\tOk\t1.33 (v1.33.1) [linux/amd64]\n',
    want: 'KVStore:      Disabled   \nKubernetes:   Ok         1.33 (v1.33.1) [linux/amd64]\n',
  },
  {
    name: 'an empty terminated cell is pure padding',
    opts: STATUS_TABWRITER,
    input: 'Encryption:\tDisabled\t\nCluster health:\t\tProbe disabled\n',
    want: 'Encryption:       Disabled   \nCluster health:              Probe disabled\n',
  },
  {
    name: 'a line without a tab ends every block',
    opts: STATUS_TABWRITER,
    input: 'Controller Status:\t3/3 healthy\n  table row\nProxy Status:\tOK\nGlobal Identity Range:\tmin 256\n',
    want: 'Controller Status:   3/3 healthy\n  table row\nProxy Status:            OK\nGlobal Identity Range:   min 256\n',
  },
  {
    name: 'nested blocks: column 1 ends where a line has fewer cells',
    opts: STATUS_TABWRITER,
    input: 'a\tbbbbbb\tc\nlonger\td\ne\tf\tg\n',
    want: 'a        bbbbbb   c\nlonger   d\ne        f   g\n',
  },
  {
    name: 'widths count runes, not UTF-16 units or bytes',
    opts: STATUS_TABWRITER,
    input: '  HTTP:\tOK, RTT=702.21µs\t(x)\n  ICMP:\tOK, RTT=60.213µs\t(y)\n  └ x:\ty\t\n',
    want: '  HTTP:   OK, RTT=702.21µs   (x)\n  ICMP:   OK, RTT=60.213µs   (y)\n  └ x:    y                  \n',
  },
  {
    name: 'minwidth applies to short columns (status writer 2, nested 0)',
    opts: {minwidth: 6, padding: 1},
    input: 'a\tb\nab\tc\n',
    want: 'a     b\nab    c\n',
  },
  {
    name: 'nested writer settings (minwidth 0, padding 3)',
    opts: NESTED_TABWRITER,
    input: '  Name\tSize\n  NAT\t131072\n',
    want: '  Name   Size\n  NAT    131072\n',
  },
  {
    name: 'text without a final newline keeps its last line unterminated',
    opts: STATUS_TABWRITER,
    input: 'x\ty\nlong\tz',
    want: 'x      y\nlong   z',
  },
  {
    name: 'custom pad character',
    opts: {minwidth: 0, padding: 1, padchar: '.'},
    input: 'a\tb\nccc\td\n',
    want: 'a...b\nccc.d\n',
  },
];

describe('render/tabwriter (Go text/tabwriter semantics)', () => {
  for (const c of cases) it(c.name, () => assert.equal(formatTabwriter(c.input, c.opts), c.want));
});
