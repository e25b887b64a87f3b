// tcx (kernel ≥ 6.6): BPF_LINK_CREATE with BPF_TCX_INGRESS/EGRESS on the interface. libbpf 1.1
// has no bpf_program__attach_tcx, but its bpf_link_create passes the attach type through.
import {release} from 'node:os';
import {NotSupportedError} from '../../errors.js';
import {BPF_TCX_EGRESS, BPF_TCX_INGRESS, check, errnoName, ifindex, inNetns, type LibbpfBindings} from '../libbpf.js';
import {fdLink} from './fdlink.js';
import type {AttachTarget, BpfLink, ProgramRef} from './link.js';

export const TCX_MIN_KERNEL = '6.6';

/** Whether the running kernel (or `rel`) is at least major.minor. */
export function kernelAtLeast(min: string, rel = release()): boolean {
  const [a, b] = rel.split(/[.-]/).map(Number);
  const [x, y] = min.split('.').map(Number);
  return a > x || (a === x && b >= y);
}

export function attachTcx(lib: LibbpfBindings, prog: ProgramRef, t: AttachTarget): BpfLink {
  if (!kernelAtLeast(TCX_MIN_KERNEL)) throw new NotSupportedError(`tcx needs kernel ≥ ${TCX_MIN_KERNEL} (this is ${release()})`, {hint: 'use --attach tc'});
  return inNetns(lib, t.netns, () => {
    const idx = ifindex(lib, t.iface, t.netns);
    const rc = lib.bpf_link_create(prog.fd, idx, t.direction === 'ingress' ? BPF_TCX_INGRESS : BPF_TCX_EGRESS, null);
    if (rc < 0 && errnoName(rc) === 'EINVAL' && !kernelAtLeast(TCX_MIN_KERNEL)) throw new NotSupportedError(`tcx is not supported by this kernel`, {hint: 'use --attach tc'});
    const fd = check(`attach ${prog.name} to ${t.iface} (tcx ${t.direction})`, rc);
    return fdLink(lib, fd, {kind: 'tcx', program: prog.name, iface: t.iface, ifindex: idx, netns: t.netns, direction: t.direction});
  });
}
