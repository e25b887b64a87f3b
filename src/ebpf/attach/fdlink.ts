// tcx and XDP attachments are bpf_links (BPF_LINK_CREATE): an fd that detaches on last close,
// kept by pinning it. Shared by tcx.ts and xdp.ts.
import {join} from 'node:path';
import {check, errnoName, type LibbpfBindings} from '../libbpf.js';
import {objectInfo} from '../info.js';
import {recordName, type AttachRecord} from '../pins.js';
import type {AttachmentInfo, BpfLink} from './link.js';

export function fdLink(lib: LibbpfBindings, fd: number, record: AttachRecord): BpfLink {
  let open = true;
  return {
    record,
    pin(dir) {
      const path = join(dir, recordName(record));
      check(`pin ${record.kind} link at ${path}`, lib.bpf_obj_pin(fd, path));
      return path;
    },
    detach() {
      const rc = lib.bpf_link_detach(fd);
      // ENOLINK/EINVAL-free: a link whose interface is gone is already detached.
      if (rc < 0 && !['ENOLINK', 'ENOENT'].includes(errnoName(rc))) check(`detach ${record.kind} link from ${record.iface}`, rc);
    },
    info(): AttachmentInfo {
      const i = objectInfo(lib, fd, 'link');
      return {...record, progId: i.progId, linkId: i.id, attached: i.ifindex !== 0};
    },
    close() {
      if (open) lib.close(fd);
      open = false;
    },
  };
}

/** Re-opens a pinned tcx/xdp link (for unload and list). */
export function openPinnedLink(lib: LibbpfBindings, path: string, record: AttachRecord): BpfLink {
  const fd = check(`open pinned link ${path}`, lib.bpf_obj_get(path));
  return fdLink(lib, fd, record);
}
