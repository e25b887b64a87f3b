// axon agent as a process: sockets, REST semantics (healthz brief, 404/400/413), stale and live
// socket handling, non-root refusal, graceful stop removing the sockets.
import assert from 'node:assert/strict';
import {existsSync, statSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {CiliumClient, ApiError, parseHost} from '../../../src/cilium/client.js';
import {startAgent} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {runCli} from '../../helpers/cli.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {sh} from '../../helpers/sh.js';
import {tmpDir} from '../../helpers/tmp.js';
import {request} from 'node:http';

function api(sock: string): CiliumClient {
  const c = new CiliumClient(parseHost(`unix://${sock}`), {timeoutMs: 10_000});
  cleanup.add(() => c.close());
  return c;
}

/** Raw request (the client always sends JSON): for bodies that are not JSON or too large. */
function raw(sock: string, method: string, path: string, body?: string | Buffer): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = request({socketPath: sock, method, path, headers: {'Content-Type': 'application/json'}}, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({status: res.statusCode ?? 0, body: text}));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('axon agent (daemon)', function () {
  this.timeout(60_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN']);
  });

  it('serves the three sockets with mode 0660 and a truthful /v1/healthz', async () => {
    const agent = await startAgent({flowBuffer: 100});
    for (const s of [agent.ciliumSock, agent.healthSock, agent.hubbleSock]) {
      assert.ok(existsSync(s), `${s} exists`);
      assert.equal(statSync(s).mode & 0o777, 0o660, `${s} mode`);
    }
    const st = await api(agent.ciliumSock).get<Record<string, any>>('/v1/healthz');
    assert.equal(st.cilium.state, 'Ok', JSON.stringify(st.cilium));
    assert.match(st.cilium.msg, /^\d+\.\d+\.\d+ \(v\d+\.\d+\.\d+-axon\)$/);
    assert.equal(st.hubble.observer['max-flows'], 100);
    assert.equal(st.ipam.status, `IPv4: 1/${2 ** (32 - Number(agent.podCidr.split('/')[1])) - 2} allocated from ${agent.podCidr}, `);
    assert.deepEqual(Object.keys(st.ipam.allocations), [st.ipam.ipv4[0]]);
    const names = st.controllers.map((c: {name: string}) => c.name).sort();
    assert.deepEqual(names, ['cilium-health-ep', 'endpoint-kernel-sync']);
    for (const c of st.controllers) assert.ok(c.status['success-count'] >= 1, `${c.name} ran: ${JSON.stringify(c.status)}`);
    assert.equal(st.kubernetes.state, 'Disabled');
    assert.equal(st.cluster.self.split('/')[0], 'default');
  });

  it('answers brief healthz with only cilium, cluster (and failing controller/stale)', async () => {
    const agent = await startAgent();
    const st = await api(agent.ciliumSock).get<Record<string, unknown>>('/v1/healthz', {headers: {Brief: 'true'}});
    assert.deepEqual(Object.keys(st).sort(), ['cilium', 'cluster']);
    assert.deepEqual(st.cluster, {ciliumHealth: {state: 'Ok'}, nodes: null});
  });

  it('404s unknown paths with a JSON body, 400s non-JSON bodies, 413s oversized ones', async () => {
    const agent = await startAgent();
    const nf = await raw(agent.ciliumSock, 'GET', '/v1/nope');
    assert.equal(nf.status, 404);
    assert.deepEqual(JSON.parse(nf.body), {code: 404, message: 'path /v1/nope was not found'});
    const bad = await raw(agent.ciliumSock, 'PUT', '/v1/endpoint/1', 'this is not json');
    assert.equal(bad.status, 400);
    assert.equal(typeof JSON.parse(bad.body), 'string');
    const big = await raw(agent.ciliumSock, 'PUT', '/v1/endpoint/1', Buffer.alloc(2 << 20, 0x20));
    assert.equal(big.status, 413);
    assert.match(JSON.parse(big.body) as string, /too large/);
    const m = await raw(agent.ciliumSock, 'POST', '/v1/healthz');
    assert.equal(m.status, 405);
    // still serving after all that
    assert.equal((await raw(agent.ciliumSock, 'GET', '/v1/config')).status, 200);
  });

  it('rejects bad endpoint requests and unknown endpoints as the endpoint API does', async () => {
    const agent = await startAgent();
    const c = api(agent.ciliumSock);
    await assert.rejects(c.put('/v1/endpoint/5', {body: {'container-id': 'x'}}), (e: ApiError) => e.status === 400);
    await assert.rejects(c.get('/v1/endpoint/77'), (e: ApiError) => e.status === 404);
    await assert.rejects(c.delete('/v1/endpoint/77'), (e: ApiError) => e.status === 404);
    assert.deepEqual(await c.get('/v1/endpoint'), []);
  });

  it('streams the module-health table on /statedb/query', async () => {
    const agent = await startAgent();
    const rows = await api(agent.ciliumSock).stream<{rev: number; obj: {ID: {Module: string[]}; Level: string}}>('GET', '/statedb/query', {
      body: {key: Buffer.from('agent').toString('base64'), table: 'health', index: 'identifier', lowerbound: true},
    });
    assert.ok(rows.length >= 2);
    for (const r of rows) {
      assert.equal(r.obj.ID.Module[0], 'agent');
      assert.equal(r.obj.Level, 'OK');
    }
  });

  it('refuses to start while a live agent owns the sockets, replaces stale ones', async () => {
    const agent = await startAgent();
    const r = await runCli(['agent', '--run-dir', agent.runDir, '--state-dir', tmpDir(), '--pod-cidr', '10.252.255.0/26'], {timeout: 20_000});
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /another agent is already serving .*cilium\.sock/);
    assert.ok(existsSync(agent.ciliumSock), 'the live agent keeps its socket');

    // a stale socket (nobody listening) is replaced
    const run2 = join(tmpDir(), 'run');
    mkdirSync(run2);
    // a bound, never listening socket file: what a SIGKILLed agent leaves behind
    await sh('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', join(run2, 'cilium.sock')]);
    const stale = await startAgent({runDir: run2});
    assert.match(stale.logs(), /Removed stale socket.*cilium\.sock/);
  });

  it('stops on SIGTERM and removes its sockets', async () => {
    const agent = await startAgent();
    assert.equal(await agent.stop(), 0);
    for (const s of [agent.ciliumSock, agent.healthSock, agent.hubbleSock]) assert.ok(!existsSync(s), `${s} removed`);
    assert.match(agent.logs(), /msg="Agent stopped"/);
  });

  it('refuses a non-root start naming the missing capability', async () => {
    const dir = tmpDir();
    const r = await runCli(['agent', '--run-dir', join(dir, 'run'), '--state-dir', join(dir, 'state')], {uid: 65534, gid: 65534});
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /^Error: axon agent needs the CAP_NET_ADMIN capability/m);
    assert.match(r.stderr, /^Hint: run it as root/m);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  });
});
