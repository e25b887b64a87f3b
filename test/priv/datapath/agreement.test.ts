// The loaded flow.bpf.o against `policy trace`: for every policy set of the shared cases and
// flows between the trace endpoints, the kernel program (run with BPF_PROG_TEST_RUN on the
// endpoints' interfaces, maps filled by startDatapath) drops exactly what the tracer denies at
// L3/L4, with the same drop reason.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Flow} from '../../../src/hubble/gen/flow/flow_pb.js';
import {startDatapath, type DatapathEndpoint} from '../../../src/datapath/index.js';
import {libbpf} from '../../../src/ebpf/libbpf.js';
import {traceFlow, type TraceEndpoint, type TraceFlowSpec} from '../../../src/policy/trace/index.js';
import type {PolicyResource} from '../../../src/policy/types.js';
import {cleanup} from '../../helpers/cleanup.js';
import {createVethPair} from '../../helpers/netns.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {TEST_BPFFS_ROOT} from '../../helpers/residue.js';
import {loadYaml, policyInputs, TRACE_FIXTURES} from '../../fixtures/datapath/policy-cases.js';
import {packet, runOn, TC_ACT_SHOT} from '../../../src/datapath/test-run.js';

describe('datapath agrees with policy trace in the kernel (BPF_PROG_TEST_RUN)', function () {
  this.timeout(180_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_BPF', 'CAP_NET_ADMIN', 'bpffs']);
  });

  it('every policy set: drops and drop reasons match the tracer at L3/L4', async () => {
    const raw = (loadYaml(join(TRACE_FIXTURES, 'endpoints.yaml'))[0] as TraceEndpoint[]).map(({ports: _p, ...e}) => e);
    const pods = raw.filter((e) => e.name.includes('/'));
    const veths: Awaited<ReturnType<typeof createVethPair>>[] = [];
    for (let i = 0; i < pods.length; i++) veths.push(await createVethPair());
    // The host endpoint must be an address of this host for the datapath to call it "host".
    const endpoints = raw.map((e) => (e.name === 'host' ? {...e, ip: veths[0].hostIp} : e));
    const flows: Flow[] = [];
    const dir = join(TEST_BPFFS_ROOT, `agreement-${process.pid}`);
    const dp = await startDatapath({bpffsDir: dir, nodeName: 't', emit: (r) => void (r.responseTypes.case === 'flow' && flows.push(r.responseTypes.value)), endpoints: () => [], log: () => {}});
    cleanup.add(() => dp.close());
    const lib = await libbpf();
    const eps: DatapathEndpoint[] = [];
    for (const [i, e] of pods.entries()) {
      const [namespace, podName] = e.name.split('/');
      const ifindex = Number(readFileSync(`/sys/class/net/${veths[i].hostIf}/ifindex`, 'utf8'));
      const ep = {id: 10 + i, identity: 2000 + i, ipv4: e.ip!, namespace, podName, labels: [...Object.entries(e.labels as Record<string, string>).map(([k, v]) => `k8s:${k}=${v}`), `k8s:io.kubernetes.pod.namespace=${namespace}`], hostIfName: veths[i].hostIf, hostIfIndex: ifindex};
      eps.push(ep);
      await dp.addEndpoint(ep);
    }
    const fdOf = async (name: string) => {
      const fd = lib.bpf_obj_get(join(dir, `prog_${name}`));
      assert.ok(fd >= 0);
      cleanup.add(() => lib.close(fd));
      return fd;
    };
    const fromEp = await fdOf('flow_ingress'); // packets leaving a pod: its egress policy
    const toEp = await fdOf('flow_egress'); // packets to a pod: its ingress policy
    const epByIp = new Map(eps.map((e) => [e.ipv4, e]));

    let sport = 1024;
    let checked = 0;
    const disagree: string[] = [];
    const peers = [...endpoints.filter((e) => e.name === 'host' || e.name.includes('/')).map((e) => e.name), '203.0.113.7', '203.0.113.3', '198.51.100.9'];
    for (const [name, policies] of policyInputs()) {
      await dp.setPolicies(policies);
      const cases: Array<{flow: TraceFlowSpec; want: string; sport: number}> = [];
      for (const from of endpoints.filter((e) => e.name === 'host' || e.name.includes('/'))) {
        for (const to of peers) {
          if (to === from.name) continue;
          const list: TraceFlowSpec[] = [
            ...[22, 80, 5000, 8005].map((dport) => ({from: from.name, to, protocol: 'TCP' as const, dport})),
            {from: from.name, to, protocol: 'UDP', dport: 53},
            {from: from.name, to, protocol: 'ICMP', icmpType: 8},
          ];
          for (const flow of list) {
            const r = traceFlow({policies: policies as PolicyResource[], endpoints, flow});
            const denied = r.steps.find((s) => (s.stage === 'egress' || s.stage === 'ingress') && s.result === 'denied');
            const port = sport++;
            cases.push({flow, want: denied ? `DENIED ${denied.dropReason}` : 'ALLOWED', sport: port});
            const src = from.ip!;
            const dst = endpoints.find((e) => e.name === to)?.ip ?? to;
            const pkt = packet({src, dst, proto: flow.protocol as 'TCP', sport: port, dport: flow.protocol === 'ICMP' ? flow.icmpType! : flow.dport!});
            let shot = false;
            const s = epByIp.get(src);
            if (s) shot = runOn(lib, fromEp, s.hostIfIndex, pkt) === TC_ACT_SHOT;
            const d = epByIp.get(dst);
            if (!shot && d) shot = runOn(lib, toEp, d.hostIfIndex, pkt) === TC_ACT_SHOT;
            (cases.at(-1) as {got?: boolean}).got = shot;
          }
        }
      }
      // Drop reasons come from the drop events of this batch.
      await new Promise((r) => setTimeout(r, 100));
      const reasonBySport = new Map<number, number>();
      for (const f of flows) {
        if (f.eventType?.type !== 1) continue;
        const p = f.l4?.protocol;
        const sp = p?.case === 'TCP' || p?.case === 'UDP' ? p.value.sourcePort : undefined;
        if (sp !== undefined) reasonBySport.set(sp, f.dropReasonDesc);
      }
      for (const c of cases as Array<{flow: TraceFlowSpec; want: string; sport: number; got: boolean}>) {
        checked++;
        let got = c.got ? 'DENIED' : 'ALLOWED';
        if (c.got && c.flow.protocol !== 'ICMP') got += ` ${reasonBySport.get(c.sport)}`;
        const want = c.flow.protocol === 'ICMP' ? c.want.replace(/ \d+$/, '') : c.want;
        if (got !== want) disagree.push(`${name}: ${c.flow.from} -> ${c.flow.to} ${c.flow.protocol}/${c.flow.dport ?? c.flow.icmpType}: trace ${want}, kernel ${got}`);
      }
      flows.length = 0;
    }
    assert.deepEqual(disagree.slice(0, 10), [], `${disagree.length} of ${checked} disagree`);
    assert.ok(checked > 2000, `${checked} flows checked`);
    console.log(`      ${checked} flows through the kernel program agree with policy trace`);
  });
});
