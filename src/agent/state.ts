// The agent's persistent state: one JSON document in the state dir, written atomically
// (temp file + rename, fsync) after every change so a SIGKILL never leaves half a file.
import {closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import type {IdentityRecord} from './identity.js';
import type {EndpointRecord} from './endpoints.js';

export interface AgentState {
  version: 1;
  podCidr: string;
  endpoints: EndpointRecord[];
  ipam: Record<string, string>;
  identities: IdentityRecord[];
}

export const STATE_FILE = 'agent-state.json';

export function loadState(dir: string): AgentState | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const s = JSON.parse(text) as AgentState;
  if (s.version !== 1 || !Array.isArray(s.endpoints)) throw new Error(`${join(dir, STATE_FILE)}: unknown state format`);
  return s;
}

export function saveState(dir: string, s: AgentState): void {
  mkdirSync(dir, {recursive: true, mode: 0o750});
  const file = join(dir, STATE_FILE);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o640);
  try {
    writeSync(fd, JSON.stringify(s, null, 1) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
