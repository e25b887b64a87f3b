// Port entries of Cilium port rules (12.19, 12.20, 12.22): the agent's port parsing.
import {arr, has, obj, quote, str, type Obj, type Path, type Report} from './report.js';

/** Cilium's iana.IsSvcName: 1-15 letters/digits with single inner hyphens, at least one letter. */
export function isSvcName(s: string): boolean {
  return s.length >= 1 && s.length <= 15 && /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/.test(s);
}

/** Go strconv.ParseUint(s, 0, 16) for the digit-only strings that reach it; an error text otherwise. */
export function parsePortNumber(s: string): {port?: number; error?: string} {
  const syntax = {error: `strconv.ParseUint: parsing ${quote(s)}: invalid syntax`};
  if (!/^[0-9]+$/.test(s)) return syntax;
  const octal = s.length > 1 && s.startsWith('0');
  if (octal && /[89]/.test(s)) return syntax;
  const n = parseInt(s, octal ? 8 : 10);
  if (n > 65535) return {error: `strconv.ParseUint: parsing ${quote(s)}: value out of range`};
  return {port: n};
}

/** How the agent reads a port string: a named port, a number, or an error. */
export function classifyPort(s: string): {name?: string; port?: number; error?: string} {
  if (isSvcName(s)) return {name: s.toLowerCase()};
  return parsePortNumber(s);
}

export function checkPortEntries(pr: Obj, path: Path, r: Report): void {
  arr(pr.ports).forEach((pp, i) => {
    const p = obj(pp);
    if (!p) return;
    const at = [...path, 'ports', i];
    const proto = str(p.protocol) ?? 'ANY';
    const port = p.port;
    const empty = port === undefined || port === null || port === '';
    if (typeof port !== 'string' && !empty) return; // wrong type: schema (12.3)
    if (proto === 'VRRP' || proto === 'IGMP') {
      if (!empty && port !== '0') r.error([...at, 'port'], '12.22', `port must be empty or 0 for protocol ${proto}`, {hint: `${proto} has no ports: remove port or write "0"`});
      return;
    }
    if (empty) {
      r.error(has(p, 'port') ? [...at, 'port'] : at, '12.19', 'port must be specified', {hint: 'add port: "80" (a number in quotes or a named port); "0" means all ports'});
      return;
    }
    const c = classifyPort(port as string);
    if (c.error) {
      const range = /^\d+\s*-\s*\d+$/.test(port as string);
      r.error([...at, 'port'], '12.20', `unable to parse port: ${c.error}`, {
        hint: range ? `write a range as port: "${(port as string).split('-')[0].trim()}" with endPort: ${(port as string).split('-')[1].trim()}` : 'a port is a number 0-65535 in quotes or an IANA service name (1-15 letters, digits, inner hyphens)',
      });
    }
  });
}
