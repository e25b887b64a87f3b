// `axon observe` as a process against the real Observer server (src/hubble/server.ts) on a unix
// socket in a temp dir: requests on the wire, streaming, Ctrl-C, reconnect, files, errors.
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fromJsonString, toJson} from '@bufbuild/protobuf';
import {FlowFilterSchema} from '../../../src/hubble/gen/flow/flow_pb.js';
import {GetFlowsResponseSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import {runCli} from '../../helpers/cli.js';
import {spawnHubble, startHubble, type TestHubble} from '../../helpers/hubble.js';
import {tmpDir} from '../../helpers/tmp.js';

const FIXTURES = new URL('../../fixtures/flows/', import.meta.url);
const SEED_JSONL = new URL('seed.jsonl', FIXTURES).pathname;
const seedLines = readFileSync(SEED_JSONL, 'utf8').trim().split('\n');
const seedCompact = readFileSync(new URL('seed-compact.txt', FIXTURES), 'utf8');

function loadSeed(h: TestHubble): void {
  for (const l of seedLines) h.ring.push(fromJsonString(GetFlowsResponseSchema, l));
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const filterJson = (fs: Parameters<typeof toJson>[1][]) => fs.map((f) => toJson(FlowFilterSchema, f as never, {useProtoFieldName: true}));

describe('axon observe (CLI against a real Observer server)', function () {
  this.timeout(60_000);

  it('prints the seed flows byte for byte (compact, IP translation on)', async () => {
    const h = await startHubble();
    loadSeed(h);
    const r = await runCli(['observe', '--all'], {env: h.env});
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, seedCompact);
  });

  it('sends the filters as hubble builds them, and the server applies them', async () => {
    const h = await startHubble();
    loadSeed(h);
    const flags = ['--from-pod', 'default/kienlt-linux-tools', '--not', '--verdict', 'TRACED', '--to-port', '53'];
    const r = await runCli(['observe', ...flags], {env: h.env});
    assert.equal(r.code, 0, r.stderr);
    const [req] = h.requests;
    assert.equal(req.number, 20n);
    assert.equal(req.follow, false);
    assert.deepEqual(filterJson(req.whitelist), [{source_pod: ['default/kienlt-linux-tools'], destination_port: ['53']}]);
    assert.deepEqual(filterJson(req.blacklist), [{verdict: ['TRACED']}]);
    assert.ok(req.fieldMask?.paths.includes('traffic_direction'), 'text output asks for the direction');
    assert.deepEqual(r.stdout.trim().split('\n'), [seedCompact.split('\n')[3], seedCompact.split('\n')[4], seedCompact.split('\n')[7], seedCompact.split('\n')[8]]);
    // --print-raw-filters prints the same lists and sends nothing.
    const raw = await runCli(['observe', '--print-raw-filters', ...flags], {env: h.env});
    assert.equal(raw.stdout, `allowlist:\n    - '{"source_pod":["default/kienlt-linux-tools"],"destination_port":["53"]}'\ndenylist:\n    - '{"verdict":["TRACED"]}'\n`);
    assert.equal(h.requests.length, 1);
  });

  it('-f streams new flows as they are produced; SIGINT exits 0', async () => {
    const h = await startHubble();
    const ac = new AbortController();
    let out = '';
    const p = runCli(['observe', '-f', '-o', 'jsonpb'], {env: h.env, signal: ac.signal, timeout: 30_000, onStdout: (d) => (out += d)});
    await until(() => h.server.activeStreams() > 0, 'the stream');
    assert.equal(h.requests[0].follow, true);
    assert.equal(h.requests[0].number, 0n, 'follow alone asks for no backlog');
    for (let i = 1; i <= 3; i++) {
      h.push({verdict: 1, Summary: `flow ${i}`});
      await until(() => out.includes(`flow ${i}`), `flow ${i}`);
    }
    ac.abort();
    const r = await p;
    assert.equal(r.signal, null);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 3);
  });

  it('reconnects when the server is killed mid-stream and prints nothing twice', async () => {
    const dir = tmpDir();
    const socket = join(dir, 'hubble.sock');
    let child = await spawnHubble(socket, SEED_JSONL);
    const ac = new AbortController();
    let out = '';
    const p = runCli(['observe', '-f', '--last', '100', '--server', child.address], {signal: ac.signal, timeout: 45_000, onStdout: (d) => (out += d)});
    await until(() => out.split('\n').length > seedLines.length, 'the backlog');
    await child.kill();
    // Same buffer again after the restart: the client must skip what it already printed.
    child = await spawnHubble(socket, SEED_JSONL);
    const later = JSON.parse(seedLines.at(-1)!);
    later.time = later.flow.time = '2025-01-23T09:37:00.000Z';
    later.flow.l4.UDP.source_port = 40404;
    await new Promise((r) => setTimeout(r, 300));
    child.push(JSON.stringify(later));
    await until(() => out.includes(':40404'), 'the flow after the restart', 20_000);
    ac.abort();
    const r = await p;
    assert.equal(r.code, 0, r.stderr);
    const newLine = seedCompact.trim().split('\n').at(-1)!.replace('09:36:09.440', '09:37:00.000').replace(':54729', ':40404');
    assert.equal(r.stdout, seedCompact + newLine + '\n');
    const notices = r.stderr.trim().split('\n').filter((l) => l.includes('reconnecting'));
    assert.equal(notices.length, 1, r.stderr);
    assert.match(notices[0], /resuming from 2025-01-23T09:36:09\.440Z/);
  });

  it('--no-reconnect ends like hubble when the server goes away', async () => {
    const socket = join(tmpDir(), 'hubble.sock');
    const child = await spawnHubble(socket, SEED_JSONL);
    let out = '';
    const p = runCli(['observe', '-f', '--last', '1', '--no-reconnect', '--server', child.address], {timeout: 30_000, onStdout: (d) => (out += d)});
    await until(() => out.includes('\n'), 'the backlog');
    await child.kill();
    const r = await p;
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Hubble at unix:\/\//);
  });

  it('--input-file: same filters and --last locally; malformed lines reported with their number, exit 1 at the end', async () => {
    const dir = tmpDir();
    const file = join(dir, 'flows.jsonl');
    const lines = [...seedLines.slice(0, 5)];
    lines.splice(2, 0, '{"flow": not json}');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await runCli(['observe', '--input-file', file, '--to-port', '6443', '--last', '1']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, seedCompact.split('\n')[1] + '\n');
    assert.match(r.stderr, /--input-file line 3: not a GetFlowsResponse/);
    assert.match(r.stderr, /1 malformed line skipped/);
    const s = await runCli(['observe', '--input-file', '-', '-o', 'table', '--first', '2'], {stdin: seedLines.join('\n')});
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.stdout.split('\n')[0].replace(/\s+/g, ' ').trim(), 'TIMESTAMP SOURCE DESTINATION TYPE VERDICT SUMMARY');
    assert.equal(s.stdout.trim().split('\n').length, 3);
  });

  it('names the unreachable address with a hint (exit 4)', async () => {
    const sock = join(tmpDir(), 'none.sock');
    const r = await runCli(['observe', '--server', `unix://${sock}`]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, new RegExp(`Error: cannot reach Hubble at unix://${sock}`));
    assert.match(r.stderr, /Hint: start it with "axon agent" or pass --server/);
  });

  it('TLS against a plaintext server fails with a TLS hint', async () => {
    const h = await startHubble();
    const r = await runCli(['observe', '--tls', '--timeout', '3s'], {env: h.env});
    assert.equal(r.code, 4);
    assert.match(r.stderr, /TLS/);
  });

  it('conflicting flags name both flags (exit 2)', async () => {
    const r = await runCli(['observe', '--print-raw-filters', '--from-ip', '1.1.1.1', '--ip', '2.2.2.2']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid argument "2.2.2.2" for "--ip" flag: filters --from-ip and --ip cannot be combined/);
    const t = await runCli(['observe', '--print-raw-filters', '--not']);
    assert.equal(t.code, 2);
    assert.match(t.stderr, /trailing --not found in the arguments/);
  });
});
