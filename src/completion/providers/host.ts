// Live values from this host: network interfaces and named network namespaces.
import {readFileSync, readdirSync} from 'node:fs';
import type {Candidate} from '../protocol.js';

const NET = '/sys/class/net';
const NETNS = '/run/netns';

export function interfaces(): Candidate[] {
  return readdirSync(NET)
    .sort()
    .map((name) => {
      let state = '';
      try {
        state = readFileSync(`${NET}/${name}/operstate`, 'utf8').trim();
      } catch {
        // an interface that vanished between readdir and read: no description
      }
      return {value: name, description: state && `interface, ${state}`};
    });
}

export function netnsNames(): Candidate[] {
  return readdirSync(NETNS)
    .sort()
    .map((name) => ({value: name, description: `network namespace ${NETNS}/${name}`}));
}
