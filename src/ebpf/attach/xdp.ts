// XDP through a bpf_link (BPF_LINK_CREATE, attach type BPF_XDP): the driver picks native mode
// when it has it (veth does), else generic. Ingress only.
import {UsageError} from '../../errors.js';
import {BPF_XDP, check, errnoName, ifindex, inNetns, type LibbpfBindings} from '../libbpf.js';
import {fdLink} from './fdlink.js';
import type {AttachTarget, BpfLink, ProgramRef} from './link.js';

export function attachXdp(lib: LibbpfBindings, prog: ProgramRef, t: AttachTarget): BpfLink {
  if (t.direction !== 'ingress') throw new UsageError('XDP runs on ingress only', {hint: 'drop --direction egress, or use a tc program with --attach tcx'});
  return inNetns(lib, t.netns, () => {
    const idx = ifindex(lib, t.iface, t.netns);
    const rc = lib.bpf_link_create(prog.fd, idx, BPF_XDP, null);
    const what = `attach ${prog.name} to ${t.iface} (xdp)`;
    if (rc < 0 && (errnoName(rc) === 'EBUSY' || errnoName(rc) === 'EEXIST')) {
      throw new UsageError(`${what}: ${t.iface} already has an XDP program`, {hint: `see "ip${t.netns ? ` -n ${t.netns}` : ''} link show ${t.iface}"; unload it first`});
    }
    const fd = check(what, rc);
    return fdLink(lib, fd, {kind: 'xdp', program: prog.name, iface: t.iface, ifindex: idx, netns: t.netns, direction: 'ingress'});
  });
}
