// Kernel object info (BPF_OBJ_GET_INFO_BY_FD) for programs, maps and links, decoded from the
// uapi struct layouts (offsets checked with offsetof against linux/bpf.h), and id enumeration.
import {check, type LibbpfBindings} from './libbpf.js';
import {mapTypeName} from './elf.js';

export interface ProgInfo {
  id: number;
  type: number;
  /** kernel name: the first 15 characters of the function name */
  name: string;
  tag: string;
  mapIds: number[];
}

export interface MapInfo {
  id: number;
  type: string;
  name: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
}

export interface LinkInfo {
  id: number;
  /** bpf_link_type: 6 xdp, 11 tcx */
  type: number;
  progId: number;
  /** 0 once the interface is gone (the link is then defunct) */
  ifindex: number;
  attachType?: number;
}

export const LINK_TYPE_XDP = 6;
export const LINK_TYPE_TCX = 11;

type Kind = 'prog' | 'map' | 'link';
type InfoOf<K extends Kind> = K extends 'prog' ? ProgInfo : K extends 'map' ? MapInfo : LinkInfo;

function cname(b: Buffer, off: number, len: number): string {
  const s = b.subarray(off, off + len);
  const end = s.indexOf(0);
  return s.toString('utf8', 0, end < 0 ? len : end);
}

export function objectInfo<K extends Kind>(lib: LibbpfBindings, fd: number, kind: K): InfoOf<K> {
  const buf = Buffer.alloc(256);
  let mapIds: Buffer | undefined;
  if (kind === 'prog') {
    mapIds = Buffer.alloc(4 * 64);
    buf.writeUInt32LE(64, 52); // nr_map_ids
    buf.writeBigUInt64LE(BigInt(lib.koffi.address(mapIds)), 56); // map_ids
  }
  const len = [kind === 'prog' ? 232 : kind === 'map' ? 88 : 48];
  check(`get ${kind} info (fd ${fd})`, lib.bpf_obj_get_info_by_fd(fd, buf, len));
  if (kind === 'prog') {
    const n = Math.min(buf.readUInt32LE(52), 64);
    const ids = Array.from({length: n}, (_, i) => mapIds!.readUInt32LE(i * 4));
    return {id: buf.readUInt32LE(4), type: buf.readUInt32LE(0), name: cname(buf, 64, 16), tag: buf.subarray(8, 16).toString('hex'), mapIds: ids} as InfoOf<K>;
  }
  if (kind === 'map') {
    return {id: buf.readUInt32LE(4), type: mapTypeName(buf.readUInt32LE(0)), name: cname(buf, 24, 16), keySize: buf.readUInt32LE(8), valueSize: buf.readUInt32LE(12), maxEntries: buf.readUInt32LE(16)} as InfoOf<K>;
  }
  const type = buf.readUInt32LE(0);
  const info: LinkInfo = {id: buf.readUInt32LE(4), type, progId: buf.readUInt32LE(8), ifindex: type === LINK_TYPE_XDP || type === LINK_TYPE_TCX ? buf.readUInt32LE(16) : 0};
  if (type === LINK_TYPE_TCX) info.attachType = buf.readUInt32LE(20);
  return info as InfoOf<K>;
}

/** Whether the kernel still holds an object with this id (it frees them asynchronously after the last reference). */
export function idAlive(lib: LibbpfBindings, kind: Kind, id: number): boolean {
  const fd = kind === 'prog' ? lib.bpf_prog_get_fd_by_id(id) : kind === 'map' ? lib.bpf_map_get_fd_by_id(id) : lib.bpf_link_get_fd_by_id(id);
  if (fd >= 0) {
    lib.close(fd);
    return true;
  }
  return false;
}

/** Info about an object pinned at `path`, or undefined when the pin does not exist. */
export function pinnedInfo<K extends Kind>(lib: LibbpfBindings, path: string, kind: K): InfoOf<K> | undefined {
  const fd = lib.bpf_obj_get(path);
  if (fd < 0) return undefined;
  try {
    return objectInfo(lib, fd, kind);
  } finally {
    lib.close(fd);
  }
}
