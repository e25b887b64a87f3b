// `axon bpf list`: every entry under the bpffs root, read from its pins and the kernel.
// Order: by id (byte order), a finished entry before an interrupted one with the same id;
// inside an entry programs, maps and attachments by name (attachments by program, then
// interface, then direction).
import {bpffsRoot} from '../defaults.js';
import {inspectEntry, type EntryState} from './inspect.js';
import {libbpf} from './libbpf.js';
import {ensureRoot, listEntries} from './pins.js';
import {requireCapabilities} from './caps.js';

export async function listLoaded(root = bpffsRoot()): Promise<EntryState[]> {
  requireCapabilities(undefined, 'reading eBPF objects');
  const entries = listEntries(ensureRoot(root));
  if (!entries.length) return [];
  const lib = await libbpf();
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.map((e) => {
    const s = inspectEntry(lib, e);
    s.programs.sort((a, b) => cmp(a.name, b.name));
    s.maps.sort((a, b) => cmp(a.name, b.name));
    s.attachments.sort((a, b) => cmp(a.program, b.program) || cmp(a.iface, b.iface) || cmp(a.direction, b.direction));
    return s;
  });
}
