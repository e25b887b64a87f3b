// `axon status` as a process against real HTTP servers on unix sockets (responses written from
// the reference): exact stdout, stderr and exit code for each situation.
import assert from 'node:assert/strict';
import {chmodSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {dirname, join} from 'node:path';
import type {StatusResponse} from '../../../src/cilium/types.js';
import {cleanup} from '../../helpers/cleanup.js';
import {runCli} from '../../helpers/cli.js';
import {tmpDir} from '../../helpers/tmp.js';
import {agentServer, fixture, healthServer, json, ok, type AgentRoutes} from './servers.js';

const HINT_AGENT = 'Hint: start the agent with "axon agent", or point --host / CILIUM_SOCK at its socket\n';

async function setup(routes: AgentRoutes, health?: Parameters<typeof healthServer>[0]) {
  const agent = await agentServer(routes);
  const hs = health ? await healthServer(health) : undefined;
  const env = {CILIUM_SOCK: agent.path, CILIUM_HEALTH_SOCK: hs?.path ?? join(tmpDir(), 'absent-health.sock')};
  return {agent, hs, env};
}

const healthy = () => setup(
  {healthz: ok(fixture('status-kpr-full.json')), statedb: ok(fixture('statedb-health-12ok.jsonl'))},
  {status: ok(fixture('health-all-reachable.json'))},
);

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('axon status (CLI against agent sockets)', function () {
  this.timeout(30_000);

  it('healthy KPR node: the reference text byte for byte, exit 0, upstream request framing', async () => {
    const {agent, hs, env} = await healthy();
    const r = await runCli(['status'], {env});
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, fixture('status-kpr.txt'));
    assert.equal(r.code, 0);
    const hz = agent.requests[0];
    assert.equal(`${hz.method} ${hz.url}`, 'GET /v1/healthz');
    assert.equal(hz.headers.host, 'localhost');
    assert.equal(hz.headers.accept, 'application/json');
    assert.equal(hz.headers.brief, 'false');
    assert.equal(hz.headers['require-k8s-connectivity'], 'true');
    assert.equal(hz.headers['accept-encoding'], undefined);
    const q = agent.requests[1];
    assert.equal(`${q.method} ${q.url}`, 'GET /statedb/query');
    assert.deepEqual(JSON.parse(q.body), {key: 'YWdlbnQ=', table: 'health', index: 'identifier', lowerbound: true});
    assert.equal(q.headers['content-type'], 'application/json');
    assert.ok(q.body.endsWith('}\n'), 'JSON body ends with a newline like Go json.Encoder');
    assert.deepEqual(hs!.requests.map((x) => `${x.method} ${x.url} ${x.headers.host}`), ['GET /v1beta/status localhost']);
  });

  it('standalone host without Kubernetes or prober: "Probe disabled", no health requests', async () => {
    const {agent, hs, env} = await setup({healthz: ok(fixture('status-standalone.json'))}, {status: ok(fixture('health-all-reachable.json'))});
    const r = await runCli(['status'], {env});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('status-standalone.txt'), '', 0]);
    assert.deepEqual(agent.requests.map((x) => x.url), ['/v1/healthz']);
    assert.equal(hs!.requests.length, 0);
  });

  it('kvstore failure: output stops after Encryption, exit 1, no further requests', async () => {
    const {agent, hs, env} = await setup({healthz: ok(fixture('status-kvstore-failure.json'))}, {status: ok(fixture('health-all-reachable.json'))});
    const r = await runCli(['status'], {env});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('status-kvstore-failure.txt'), '', 1]);
    assert.equal(agent.requests.length, 1);
    assert.equal(hs!.requests.length, 0);
  });

  it('failing controllers: listed in a nested table that splits the label block, exit 0', async () => {
    const {env} = await setup(
      {
        healthz: () => {
          const sr = json<StatusResponse>('status-kpr-full.json');
          for (const c of sr.controllers!) {
            if (c.name === 'endpoint-2471-regeneration-recovery') {
              c.status = {'consecutive-failure-count': 3, 'failure-count': 7, 'last-failure-msg': 'regeneration of endpoint 2471 failed: context deadline exceeded', 'last-failure-timestamp': ago(30_200), 'last-success-timestamp': ago(120_200), 'success-count': 4};
            }
            if (c.name === 'sync-host-ips') {
              c.status = {'consecutive-failure-count': 1, 'failure-count': 1, 'last-failure-msg': 'failed to list addresses: operation not permitted', 'last-failure-timestamp': ago(30_200), 'last-success-timestamp': '0001-01-01T00:00:00.000Z'};
            }
          }
          return ok(sr);
        },
        statedb: ok(fixture('statedb-health-12ok.jsonl')),
      },
      {status: ok(fixture('health-all-reachable.json'))},
    );
    const r = await runCli(['status'], {env});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('status-failing-controllers.txt'), '', 0]);
  });

  it('stale probes: Warning with "Stale status", stops before cluster health, exit 1', async () => {
    const sr = json<StatusResponse>('status-standalone.json');
    sr.cilium = {msg: '1.19.4 (v1.19.4-5c3e9e2b)    Stale status data', state: 'Warning'};
    sr.stale = {'kvstore-status': '2026-06-01T10:14:02.311Z', 'k8s-status': '2026-06-01T10:13:58Z'};
    const {env} = await setup({healthz: ok(sr)});
    const r = await runCli(['status'], {env});
    const want = fixture('status-standalone.txt')
      .replace('Cilium:                  Ok   1.19.4 (v1.19.4-5c3e9e2b)\n',
        'Cilium:                  Warning   1.19.4 (v1.19.4-5c3e9e2b)    Stale status data\n' +
        'Stale status:            "k8s-status" since 2026-06-01T10:13:58.000Z, "kvstore-status" since 2026-06-01T10:14:02.311Z\n')
      .replace('Cluster health:                     Probe disabled\n', '');
    assert.deepEqual([r.stdout, r.stderr, r.code], [want, '', 1]);
  });

  it('cluster health partially reachable with WireGuard: unhealthy nodes listed, exit 0', async () => {
    const {env} = await setup(
      {healthz: ok(fixture('status-wireguard.json')), statedb: ok(fixture('statedb-health-12ok.jsonl'))},
      {status: ok(fixture('health-cluster-partial.json'))},
    );
    const r = await runCli(['status'], {env});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('status-cluster-partial.txt'), '', 0]);
  });

  it('health socket unreachable: "Warning cilium-health daemon unreachable", still exit 0', async () => {
    const {env} = await setup({healthz: ok(fixture('status-kpr-full.json')), statedb: ok(fixture('statedb-health-12ok.jsonl'))});
    const r = await runCli(['status'], {env});
    const want = fixture('status-kpr.txt')
      .replace('Hubble:                  Ok              Current', 'Hubble:                  Ok         Current')
      .replace('Encryption:              Disabled        \n', 'Encryption:              Disabled   \n')
      .replace(/Cluster health: .*\nName .*\n/, 'Cluster health:                        Warning   cilium-health daemon unreachable\n');
    assert.deepEqual([r.stdout, r.stderr, r.code], [want, '', 0]);
  });

  it('--verbose: every section, nested tables, verbose cluster health', async () => {
    const {env} = await setup(
      {healthz: ok(fixture('status-verbose.json')), statedb: ok('')},
      {status: ok(fixture('health-all-reachable.json'))},
    );
    const r = await runCli(['status', '--verbose'], {env});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('status-verbose.txt'), '', 0]);
  });

  it('agent unreachable (no socket): upstream dial error, axon hint, exit 4, nothing on stdout', async () => {
    const sock = join(tmpDir(), 'cilium.sock');
    const r = await runCli(['status'], {env: {CILIUM_SOCK: sock}});
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `Error: Get "http://localhost/v1/healthz": dial unix ${sock}: connect: no such file or directory\n${HINT_AGENT}`);
    assert.equal(r.code, 4);
  });

  it('the default socket path adds upstream\'s "Is the agent running?" line', async () => {
    const r = await runCli(['status', '--host', 'unix:///var/run/cilium/cilium.sock']);
    if (r.code === 0) return; // a real agent runs on this machine: nothing to check
    assert.match(r.stderr, /^Error: Get "http:\/\/localhost\/v1\/healthz": dial unix \/var\/run\/cilium\/cilium.sock: connect: (no such file or directory|connection refused)\nIs the agent running\?\nHint: /);
  });

  describe('--brief', () => {
    it('healthy: "OK", exit 0, sends Brief: true', async () => {
      const {agent, env} = await setup({healthz: (h) => ok(h.brief === 'true' ? {cilium: {msg: '1.19.4 (v1.19.4-5c3e9e2b)', state: 'Ok'}, cluster: {ciliumHealth: {state: 'Ok'}, nodes: null}} : {})});
      const r = await runCli(['status', '--brief'], {env});
      assert.deepEqual([r.stdout, r.stderr, r.code], ['OK\n', '', 0]);
      assert.equal(agent.requests[0].headers.brief, 'true');
      assert.equal(agent.requests.length, 1);
    });

    it('kvstore failure as the agent reports it in the brief body: "error in cilium: …", exit 1', async () => {
      const full = json<StatusResponse>('status-kvstore-failure.json');
      const {env} = await setup({healthz: ok({cilium: full.cilium, cluster: {ciliumHealth: {state: 'Ok'}, nodes: null}})});
      const r = await runCli(['status', '--brief'], {env});
      assert.deepEqual([r.stdout, r.stderr, r.code], [`error in cilium: ${full.cilium!.msg}\n`, '', 1]);
    });

    it('failing controller with cilium Ok: "error in controller …" but exit 0 (upstream)', async () => {
      const body = {
        cilium: {msg: '1.19.4 (v1.19.4-5c3e9e2b)', state: 'Ok'},
        cluster: {ciliumHealth: {state: 'Ok'}, nodes: null},
        controllers: [{name: 'endpoint-2471-regeneration-recovery', status: {'consecutive-failure-count': 1, 'last-failure-msg': 'regeneration of endpoint 2471 failed: context deadline exceeded'}}],
      };
      const {env} = await setup({healthz: ok(body)});
      const r = await runCli(['status', '--brief'], {env});
      assert.deepEqual([r.stdout, r.stderr, r.code], ['error in controller endpoint-2471-regeneration-recovery: regeneration of endpoint 2471 failed: context deadline exceeded\n', '', 0]);
    });

    it('agent unreachable: "cilium: daemon unreachable" on stderr, exit 4', async () => {
      const r = await runCli(['status', '--brief'], {env: {CILIUM_SOCK: join(tmpDir(), 'none.sock')}});
      assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'cilium: daemon unreachable\n', 4]);
    });

    it('--brief=true and --require-k8s-connectivity=false (pflag forms) reach the headers', async () => {
      const {agent, env} = await setup({healthz: ok({cilium: {state: 'Ok'}})});
      const r = await runCli(['status', '--brief=true', '--require-k8s-connectivity=false'], {env});
      assert.deepEqual([r.stdout, r.code], ['OK\n', 0]);
      assert.equal(agent.requests[0].headers.brief, 'true');
      assert.equal(agent.requests[0].headers['require-k8s-connectivity'], 'false');
    });
  });

  describe('machine output', () => {
    it('-o json: the re-encoded model (2-space indent) and the extra empty line; health not judged', async () => {
      const {env} = await setup({healthz: ok(fixture('status-kvstore-failure.json'))});
      const r = await runCli(['status', '-o', 'json'], {env});
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.ok(r.stdout.endsWith('}\n\n'));
      assert.ok(r.stdout.startsWith('{\n  "attach-mode": "tcx",\n  "auth-certificate-provider": {\n    "state": "Disabled"\n  },\n'));
      assert.deepEqual(JSON.parse(r.stdout), json('status-kvstore-failure.json'));
    });

    it("-o jsonpath='{.cilium.state}' prints the value without a newline", async () => {
      const {env} = await setup({healthz: ok(fixture('status-kvstore-failure.json'))});
      const r = await runCli(['status', "-o", "jsonpath='{.cilium.state} {.kvstore.state}'"], {env});
      assert.deepEqual([r.stdout, r.stderr, r.code], ['Failure Failure', '', 0]);
    });

    it('-o yaml', async () => {
      const {env} = await setup({healthz: ok({cilium: {state: 'Ok', msg: 'v'}, 'attach-mode': 'tc'})});
      const r = await runCli(['status', '-o', 'yaml'], {env});
      assert.deepEqual([r.stdout, r.code], ['attach-mode: tc\ncilium:\n  msg: v\n  state: Ok\n', 0]);
    });

    it('--json: one document with status, cluster health nodes and module health (cilium#13171)', async () => {
      const {env} = await healthy();
      const r = await runCli(['status', '--json'], {env});
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as {status: unknown; clusterHealth: unknown; modules: unknown[]};
      assert.deepEqual(Object.keys(doc), ['status', 'clusterHealth', 'modules']);
      assert.deepEqual(doc.status, json('status-kpr-full.json'));
      assert.deepEqual(doc.clusterHealth, json('health-all-reachable.json'));
      assert.equal(doc.modules.length, 12);
    });

    it('--json with health.sock down says why under clusterHealthError', async () => {
      const {env} = await setup({healthz: ok(fixture('status-kpr-full.json')), statedb: ok('')});
      const r = await runCli(['status', '--json'], {env});
      const doc = JSON.parse(r.stdout) as {clusterHealth: unknown; clusterHealthError: string; modules: unknown[]};
      assert.equal(doc.clusterHealth, null);
      assert.match(doc.clusterHealthError, /^Get "http:\/\/localhost\/v1beta\/status": dial unix .*absent-health.sock: connect: no such file or directory$/);
      assert.deepEqual(doc.modules, []);
      assert.equal(r.code, 0);
    });

    it('-o and --json together are a usage error', async () => {
      const r = await runCli(['status', '-o', 'json', '--json']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--json/);
    });
  });

  describe('errors', () => {
    it('--timeout 2s against a server that never answers: upstream timeout message within 3 s (counted from process start), exit 6', async () => {
      const {env} = await setup({healthz: 'hang'});
      const t0 = Date.now();
      const r = await runCli(['status', '--timeout', '2s'], {env});
      const ms = Date.now() - t0;
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'Error: Cilium API client timeout exceeded\nHint: no answer from unix://' + env.CILIUM_SOCK + ' in time; raise --timeout or check that the agent is not stuck\n');
      assert.equal(r.code, 6);
      assert.ok(ms < 3000, `took ${ms} ms`);
    });

    it('a socket without permission (unprivileged user): permission denied, exit 5', async () => {
      const {agent, env} = await setup({healthz: ok({cilium: {state: 'Ok'}})});
      chmodSync(dirname(agent.path), 0o755);
      chmodSync(agent.path, 0o600);
      // HOME and XDG dirs the unprivileged user cannot read would make oclif warn; point them nowhere
      const nobodyEnv = {...env, HOME: '/nonexistent', XDG_DATA_HOME: '/nonexistent', XDG_CONFIG_HOME: '/nonexistent', XDG_CACHE_HOME: '/nonexistent'};
      const r = await runCli(['status'], {env: nobodyEnv, uid: 65534, gid: 65534});
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        `Error: Get "http://localhost/v1/healthz": dial unix ${agent.path}: connect: permission denied\n` +
          `Hint: run as root or as a member of the group owning ${agent.path} (e.g. "cilium")\n`,
      );
      assert.equal(r.code, 5);
      assert.equal(agent.requests.length, 0);
    });

    it('a response that is not JSON: protocol error, exit 7', async () => {
      const {env} = await setup({healthz: {body: '<html>upstream proxy error</html>', contentType: 'text/html'}});
      const r = await runCli(['status'], {env});
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        'Error: Get "http://localhost/v1/healthz": the response is not JSON: "<html>upstream proxy error</html>"\n' +
          `Hint: is unix://${env.CILIUM_SOCK} a Cilium API socket? Check --host / CILIUM_SOCK\n`,
      );
      assert.equal(r.code, 7);
    });

    it('the administratively disabled API (403 plain text): upstream text, exit 5', async () => {
      const {env} = await setup({healthz: {status: 403, body: 'This API is administratively disabled. Contact your administrator for more details.', contentType: 'text/plain'}});
      const r = await runCli(['status'], {env});
      assert.equal(
        r.stderr,
        'Error: [GET /v1/healthz][403] This API is administratively disabled. Contact your administrator for more details.\n' +
          'Hint: the agent runs with this API disabled (--enable-cilium-api-server-access)\n',
      );
      assert.equal(r.code, 5);
    });

    it('a module-health stream error fails the command like upstream', async () => {
      const {env} = await setup(
        {healthz: ok(fixture('status-kpr-full.json')), statedb: ok('{"rev":1,"err":"table \\"health\\" not found"}\n')},
        {status: ok(fixture('health-all-reachable.json'))},
      );
      const r = await runCli(['status'], {env});
      assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: Failed while streaming remote health data table: table "health" not found\n', 1]);
    });

    it('an agent without the StateDB endpoint (404) fails the module-health step with exit 1', async () => {
      const {env} = await setup({healthz: ok(fixture('status-kpr-full.json'))}, {status: ok(fixture('health-all-reachable.json'))});
      const r = await runCli(['status'], {env});
      assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: Failed while streaming remote health data table: [GET /statedb/query][404] not found\n', 1]);
    });

    it('an invalid --host is a usage error', async () => {
      const r = await runCli(['status', '--host', '/var/run/cilium/cilium.sock']);
      assert.deepEqual([r.stdout, r.code], ['', 2]);
      assert.equal(r.stderr, "Error: invalid host format '/var/run/cilium/cilium.sock'\nHint: use unix:///path/to/cilium.sock or tcp://host:port\n");
    });
  });

  it('-H tcp://127.0.0.1:PORT talks HTTP over TCP with the same framing', async () => {
    const reqs: Array<Record<string, unknown>> = [];
    const srv = createServer((req, res) => {
      reqs.push({url: req.url, host: req.headers.host, brief: req.headers.brief});
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({cilium: {state: 'Ok'}}));
    });
    cleanup.add(() => new Promise((r) => srv.close(r)));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    const r = await runCli(['status', '--brief', '-H', `tcp://127.0.0.1:${port}`]);
    assert.deepEqual([r.stdout, r.code], ['OK\n', 0]);
    assert.deepEqual(reqs, [{url: '/v1/healthz', host: `127.0.0.1:${port}`, brief: 'true'}]);
  });
});
