import assert from 'node:assert/strict';
import {modulesSummary, modulesTree} from '../../../src/cilium/print/modules.js';
import type {ModuleHealth} from '../../../src/cilium/types.js';
import {formatTabwriter, STATUS_TABWRITER} from '../../../src/render/tabwriter.js';

const NOW = Date.parse('2026-06-01T10:16:00Z');
const row = (module: string[], component: string[], level: string, message: string, updated: string, count: number, error?: string): ModuleHealth => ({
  ID: {Module: module, Component: component}, Level: level, Message: message, Updated: updated, Count: count, ...(error ? {Error: error} : {}),
});

const rows = [
  row(['agent', 'controlplane', 'envoy-proxy'], ['timer-job-version-check'], 'Degraded', 'timer job errored', '2026-06-01T10:15:40Z', 7, 'signal: aborted'),
  row(['agent', 'controlplane', 'endpoint-manager'], ['job-endpoint-gc'], 'OK', 'Running', '2026-06-01T10:13:00Z', 3),
  row(['agent', 'datapath', 'mtu'], ['job-mtu-updater'], 'Stopped', 'done', '2026-06-01T09:16:00Z', 1),
];

describe('cilium/print/modules (Modules Health)', () => {
  it('summary counts each level and is followed by an empty line', () => {
    assert.equal(modulesSummary(rows), 'Modules Health:\tStopped(1) Degraded(1) OK(1)\n\n');
    assert.equal(modulesSummary([]), 'Modules Health:\tStopped(0) Degraded(0) OK(0)\n\n');
  });

  it('tree: modules then components, sorted, two empty columns in, status on the leaf', () => {
    assert.equal(
      formatTabwriter(modulesTree(rows, NOW), STATUS_TABWRITER),
      'Modules Health:\n' +
        '      agent\n' +
        '      ├── controlplane\n' +
        '      │   ├── endpoint-manager\n' +
        '      │   │   └── job-endpoint-gc  [OK] Running (3m0s, x3)\n' +
        '      │   └── envoy-proxy\n' +
        '      │       └── timer-job-version-check  [DEGRADED] timer job errored -- signal: aborted (20s, x7)\n' +
        '      └── datapath\n' +
        '          └── mtu\n' +
        '              └── job-mtu-updater  [STOPPED] done (1h0m0s, x1)\n',
    );
  });

  it('an empty table prints only the heading', () => assert.equal(modulesTree([], NOW), 'Modules Health:\n'));
});
