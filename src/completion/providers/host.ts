// Live values from this host: network interfaces (of the root namespace, or of the --netns
// given earlier on the line) and named network namespaces.
import {execFile} from 'node:child_process';
import {readFileSync, readdirSync} from 'node:fs';
import type {Candidate} from '../protocol.js';
import type {ProviderContext} from '../sources.js';

const NET = '/sys/class/net';
const NETNS = '/run/netns';

export async function interfaces(ctx: ProviderContext): Promise<Candidate[]> {
  const ns = ctx.flags.get('netns')?.at(-1);
  return ns ? interfacesIn(ns, ctx.signal) : rootInterfaces();
}

function rootInterfaces(): Candidate[] {
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

/** /sys shows only our own namespace: ask iproute2 for another one. */
function interfacesIn(ns: string, signal: AbortSignal): Promise<Candidate[]> {
  return new Promise((resolve, reject) => {
    execFile('ip', ['-n', ns, '-o', 'link', 'show'], {signal, encoding: 'utf8'}, (err, stdout) => {
      if (err) return reject(err);
      const out: Candidate[] = [];
      for (const line of stdout.split('\n')) {
        const m = /^\d+: ([^:@\s]+)[@:].*?state (\S+)/.exec(line);
        if (m) out.push({value: m[1], description: `interface in ${ns}, ${m[2].toLowerCase()}`});
      }
      resolve(out.sort((a, b) => a.value.localeCompare(b.value)));
    });
  });
}

export function netnsNames(): Candidate[] {
  return readdirSync(NETNS)
    .sort()
    .map((name) => ({value: name, description: `network namespace ${NETNS}/${name}`}));
}
