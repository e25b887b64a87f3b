// The one handle every attach kind returns (tcx.ts, tc.ts, xdp.ts), in the spirit of
// cilium/ebpf's link.Link: pin() makes the attachment outlive the process, detach() removes it,
// info() reads what the kernel holds now, close() drops our reference only.
import type {AttachRecord, Direction} from '../pins.js';

export interface AttachTarget {
  iface: string;
  /** ip-netns name; the interface is looked up and the attachment made inside it */
  netns?: string;
  direction: Direction;
}

/** A loaded program to attach: its fd, kernel id and (full) name. */
export interface ProgramRef {
  fd: number;
  id: number;
  name: string;
}

export interface AttachmentInfo extends AttachRecord {
  /** kernel program id the attachment runs (0 if gone) */
  progId: number;
  /** bpf_link id (tcx, xdp) */
  linkId?: number;
  /** false when the kernel no longer holds it (interface deleted, filter removed by someone else) */
  attached: boolean;
}

export interface BpfLink {
  readonly record: AttachRecord;
  /** pins the attachment record in `dir` (a load's pin directory); returns the pin path */
  pin(dir: string): string;
  /** removes the attachment from the kernel (and, for tc, a clsact qdisc axon created and left empty) */
  detach(): void;
  info(): AttachmentInfo;
  /** closes our fd; a pinned link or a tc filter stays attached */
  close(): void;
}
