// What one bpffs entry holds, read from its pins and the kernel (never a cache): programs,
// maps and attachments, each marked stale when the kernel no longer backs it.
import {join} from 'node:path';
import {openPinnedLink} from './attach/fdlink.js';
import {tcLink} from './attach/tc.js';
import type {AttachmentInfo} from './attach/link.js';
import {pinnedInfo} from './info.js';
import type {LibbpfBindings} from './libbpf.js';
import {mapNameOfPin, parseRecordName, type PinEntry} from './pins.js';

export interface EntryState {
  id: string;
  dir: string;
  /** why the entry is stale (interrupted load, detached attachment, missing pins); empty when healthy */
  stale: string[];
  /** pid of a live process that owns the entry (the agent); unload refuses it while it lives */
  ownerPid?: number;
  programs: Array<{name: string; id: number; type: number; tag: string; pin: string}>;
  maps: Array<{name: string; id: number; type: string; keySize: number; valueSize: number; maxEntries: number; pin: string}>;
  attachments: Array<AttachmentInfo & {pin: string}>;
}

export function inspectEntry(lib: LibbpfBindings, e: PinEntry): EntryState {
  const s: EntryState = {id: e.id, dir: e.dir, stale: [], programs: [], maps: [], attachments: [], ...(e.owner?.alive ? {ownerPid: e.owner.pid} : {})};
  if (e.partial) s.stale.push(e.partial.alive ? `load in progress (pid ${e.partial.pid})` : `interrupted load (pid ${e.partial.pid} is gone)`);
  for (const pin of e.pins) {
    const path = join(e.dir, pin);
    if (pin.startsWith('prog_')) {
      const i = pinnedInfo(lib, path, 'prog');
      if (i) s.programs.push({name: pin.slice(5), id: i.id, type: i.type, tag: i.tag, pin: path});
    } else if (pin.startsWith('map_')) {
      const i = pinnedInfo(lib, path, 'map');
      if (i) s.maps.push({name: mapNameOfPin(pin), id: i.id, type: i.type, keySize: i.keySize, valueSize: i.valueSize, maxEntries: i.maxEntries, pin: path});
    } else {
      const r = parseRecordName(pin);
      if (!r) continue; // another reference an owner keeps (e.g. the agent's owner,pid=N)
      let info: AttachmentInfo;
      if (r.kind === 'tc') {
        info = tcLink(lib, r).info();
        const own = pinnedInfo(lib, path, 'prog');
        if (info.attached && own && info.progId !== own.id) info = {...info, attached: false};
      } else {
        const link = openPinnedLink(lib, path, r);
        try {
          info = link.info();
        } finally {
          link.close();
        }
      }
      s.attachments.push({...info, pin: path});
      if (!info.attached) s.stale.push(`${r.kind} attachment of ${r.program} on ${r.iface}${r.netns ? ` (netns ${r.netns})` : ''} is gone`);
    }
  }
  if (e.owner && !e.owner.alive) s.stale.push(`its owner (pid ${e.owner.pid}) is gone`);
  if (!e.partial && !s.programs.length) s.stale.push('no program pinned');
  return s;
}
