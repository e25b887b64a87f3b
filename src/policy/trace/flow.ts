// The flow of `policy trace` from its flags, with the combinations checked up front.
import {UsageError} from '../../errors.js';
import type {TraceFlowSpec} from './index.js';
import type {FlowProtocol} from './match.js';

export interface FlowFlags {
  from: string;
  to: string;
  protocol: string;
  dport?: number;
  icmpType?: number;
  httpMethod?: string;
  httpPath?: string;
  httpHeader?: string[];
  dnsQuery?: string;
}

export const FLOW_PROTOCOLS: FlowProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP'];

export function flowFromFlags(f: FlowFlags): TraceFlowSpec {
  const protocol = f.protocol.toUpperCase() as FlowProtocol;
  if (!FLOW_PROTOCOLS.includes(protocol)) throw new UsageError(`--protocol ${f.protocol}: expected one of ${FLOW_PROTOCOLS.join(', ')}`);
  const http = f.httpMethod !== undefined || f.httpPath !== undefined || (f.httpHeader?.length ?? 0) > 0;
  if (protocol === 'ICMP') {
    if (f.icmpType === undefined) throw new UsageError('--protocol ICMP needs --icmp-type', {hint: 'e.g. --icmp-type 8 (echo request)'});
    if (f.dport !== undefined || http || f.dnsQuery) throw new UsageError('--dport, --http-* and --dns-query do not apply to ICMP');
    return {from: f.from, to: f.to, protocol, icmpType: f.icmpType};
  }
  if (f.icmpType !== undefined) throw new UsageError('--icmp-type needs --protocol ICMP');
  if (f.dport === undefined) throw new UsageError(`--protocol ${protocol} needs --dport`, {hint: 'the destination (pod) port, e.g. --dport 80'});
  if (http && protocol !== 'TCP') throw new UsageError('--http-* flags need --protocol TCP');
  for (const h of f.httpHeader ?? []) {
    if (!/^[^:\s]+:/.test(h)) throw new UsageError(`--http-header "${h}": expected "Name: value"`);
  }
  const flow: TraceFlowSpec = {from: f.from, to: f.to, protocol, dport: f.dport};
  if (http) flow.http = {method: f.httpMethod ?? 'GET', path: f.httpPath ?? '/', headers: f.httpHeader ?? []};
  if (f.dnsQuery !== undefined) flow.dnsQuery = f.dnsQuery;
  return flow;
}
