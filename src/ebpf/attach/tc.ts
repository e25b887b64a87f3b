// tc clsact fallback (kernels without tcx, or --attach tc): a direct-action bpf filter at an
// explicit handle and priority. Netlink keeps the filter without pins; pin() records it. axon
// never deletes a clsact qdisc or filter it did not create: detach removes only our
// handle/priority, and the qdisc only when axon created it and no filter is left on it.
import {execFileSync} from 'node:child_process';
import {join} from 'node:path';
import {NotFoundError, UsageError} from '../../errors.js';
import {TC_EGRESS, TC_INGRESS, check, errnoName, ifindex, inNetns, type LibbpfBindings} from '../libbpf.js';
import {recordName, type AttachRecord} from '../pins.js';
import type {AttachmentInfo, AttachTarget, BpfLink, ProgramRef} from './link.js';

export const TC_HANDLE = 1;
export const TC_DEFAULT_PRIORITY = 1;

export interface TcOptions {
  priority?: number;
  handle?: number;
}

const hook = (lib: LibbpfBindings, ifi: number, point: number) => ({sz: lib.sizes.tcHook, ifindex: ifi, attach_point: point, parent: 0});
const pointOf = (r: AttachRecord) => (r.direction === 'ingress' ? TC_INGRESS : TC_EGRESS);

export function attachTc(lib: LibbpfBindings, prog: ProgramRef, t: AttachTarget, o: TcOptions = {}): BpfLink {
  const priority = o.priority ?? TC_DEFAULT_PRIORITY;
  const handle = o.handle ?? TC_HANDLE;
  if (!Number.isInteger(priority) || priority < 1 || priority > 0xffff) throw new UsageError(`--priority ${priority}: expected 1..65535`);
  return inNetns(lib, t.netns, () => {
    const idx = ifindex(lib, t.iface, t.netns);
    const point = t.direction === 'ingress' ? TC_INGRESS : TC_EGRESS;
    const rc = lib.bpf_tc_hook_create(hook(lib, idx, point));
    if (rc < 0 && errnoName(rc) !== 'EEXIST') check(`create clsact qdisc on ${t.iface}`, rc);
    const record: AttachRecord = {kind: 'tc', program: prog.name, iface: t.iface, ifindex: idx, netns: t.netns, direction: t.direction, handle, priority, qdisc: rc === 0 ? 'created' : 'existing'};
    const opts = {sz: lib.sizes.tcOpts, prog_fd: prog.fd, flags: 0, prog_id: 0, handle, priority};
    const arc = lib.bpf_tc_attach(hook(lib, idx, point), opts);
    if (arc < 0) {
      if (record.qdisc === 'created') lib.bpf_tc_hook_destroy(hook(lib, idx, TC_INGRESS | TC_EGRESS));
      if (errnoName(arc) === 'EEXIST') {
        throw new UsageError(`attach ${prog.name} to ${t.iface} (tc ${t.direction}): a filter already uses priority ${priority} handle ${handle}`, {hint: 'pass another --priority'});
      }
      check(`attach ${prog.name} to ${t.iface} (tc ${t.direction})`, arc);
    }
    return tcLink(lib, record, prog.fd);
  });
}

/** Runs fn inside the record's netns; a namespace that is gone took its interfaces and filters along. */
function inRecordNetns<T>(lib: LibbpfBindings, r: AttachRecord, fn: () => T, gone: T): T {
  try {
    return inNetns(lib, r.netns, fn);
  } catch (e) {
    if (e instanceof NotFoundError && r.netns && /network namespace/.test(e.message)) return gone;
    throw e;
  }
}

/** The handle of a recorded tc filter (from a pin name), for list and unload. */
export function tcLink(lib: LibbpfBindings, record: AttachRecord, progFd?: number): BpfLink {
  return {
    record,
    pin(dir) {
      const path = join(dir, recordName(record));
      if (progFd === undefined) throw new UsageError('a re-opened tc attachment is already pinned');
      check(`pin tc record at ${path}`, lib.bpf_obj_pin(progFd, path));
      return path;
    },
    detach() {
      inRecordNetns(lib, record, () => {
        if (lib.if_nametoindex(record.iface) !== record.ifindex) return; // interface gone: so is the filter
        const h = hook(lib, record.ifindex, pointOf(record));
        const rc = lib.bpf_tc_detach(h, {sz: lib.sizes.tcOpts, prog_fd: 0, flags: 0, prog_id: 0, handle: record.handle!, priority: record.priority!});
        if (rc < 0 && errnoName(rc) !== 'ENOENT') check(`detach tc filter from ${record.iface}`, rc);
        if (record.qdisc === 'created' && clsactEmpty(record)) lib.bpf_tc_hook_destroy(hook(lib, record.ifindex, TC_INGRESS | TC_EGRESS));
      }, undefined);
    },
    info(): AttachmentInfo {
      return inRecordNetns(lib, record, () => {
        const present = lib.if_nametoindex(record.iface) === record.ifindex;
        const opts = {sz: lib.sizes.tcOpts, prog_fd: 0, flags: 0, prog_id: 0, handle: record.handle!, priority: record.priority!};
        const rc = present ? lib.bpf_tc_query(hook(lib, record.ifindex, pointOf(record)), opts) : -2;
        return {...record, progId: rc === 0 ? opts.prog_id : 0, attached: rc === 0};
      }, {...record, progId: 0, attached: false});
    },
    close() {},
  };
}

/** No filter left on either clsact hook (tc(8): libbpf cannot enumerate filters). Unknown → not empty. */
function clsactEmpty(r: AttachRecord): boolean {
  try {
    for (const dir of ['ingress', 'egress']) {
      const args = [...(r.netns ? ['-n', r.netns] : []), 'filter', 'show', 'dev', r.iface, dir];
      if (execFileSync('tc', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000}).trim()) return false;
    }
    return true;
  } catch {
    return false;
  }
}
