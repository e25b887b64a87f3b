// Golden printer tables for `policy apply|delete|list` output.
import assert from 'node:assert/strict';
import {formatApply, formatDelete, type ApplyOutput} from '../../../../src/policy/print/apply.js';
import {formatPolicyList} from '../../../../src/policy/print/list.js';
import type {PolicyList} from '../../../../src/policy/store.js';

const k8s = (items: Extract<ApplyOutput, {target: 'kubernetes'}>['items']): ApplyOutput => ({target: 'kubernetes', context: 'dev', server: 'https://k', items});
const cnp = {kind: 'CiliumNetworkPolicy' as const, namespace: 'ns', name: 'web', resource: 'ciliumnetworkpolicy.cilium.io/web'};

const applyCases: Array<{name: string; out: ApplyOutput; color?: boolean; waitedMs?: number; want: string}> = [
  {name: 'created + Valid=True', out: k8s([{...cnp, action: 'created', valid: {status: 'True', message: 'Policy validation succeeded'}}]), want: 'ciliumnetworkpolicy.cilium.io/web created\nciliumnetworkpolicy.cilium.io/web Valid=True: Policy validation succeeded\n'},
  {name: 'server dry run', out: k8s([{...cnp, action: 'configured', dryRun: 'server'}]), want: 'ciliumnetworkpolicy.cilium.io/web configured (server dry run)\n'},
  {name: 'Valid=False coloured', color: true, out: k8s([{...cnp, action: 'configured', valid: {status: 'False', message: 'bad'}}]), want: 'ciliumnetworkpolicy.cilium.io/web configured\nciliumnetworkpolicy.cilium.io/web \x1b[31mValid=False\x1b[39m: bad\n'},
  {name: 'no condition in time', waitedMs: 30_000, out: k8s([{...cnp, action: 'unchanged', valid: 'timeout'}]), want: 'ciliumnetworkpolicy.cilium.io/web unchanged\nciliumnetworkpolicy.cilium.io/web Valid=Unknown: no Valid condition after 30s (is cilium-operator 1.16+ running?)\n'},
  {
    name: 'NetworkPolicy: no Valid line',
    out: k8s([{kind: 'NetworkPolicy', namespace: 'ns', name: 'deny', resource: 'networkpolicy.networking.k8s.io/deny', action: 'created'}]),
    want: 'networkpolicy.networking.k8s.io/deny created\n',
  },
  {
    name: 'agent with revision',
    out: {target: 'agent', revision: 7, items: [{kind: 'CiliumClusterwideNetworkPolicy', name: 'all', action: 'created'}, {kind: 'NetworkPolicy', namespace: 'a', name: 'n', action: 'unchanged'}]},
    want: 'ciliumclusterwidenetworkpolicy.cilium.io/all created\nnetworkpolicy.networking.k8s.io/n unchanged\nagent policy revision 7\n',
  },
  {name: 'agent client dry run', out: {target: 'agent', revision: 7, dryRun: 'client', items: [{kind: 'CiliumNetworkPolicy', namespace: 'a', name: 'x', action: 'created'}]}, want: 'ciliumnetworkpolicy.cilium.io/x created (client dry run)\n'},
  {name: 'escapes names', out: {target: 'agent', revision: 2, items: [{kind: 'CiliumNetworkPolicy', namespace: 'a', name: 'x\x1b[2J', action: 'created'}]}, want: 'ciliumnetworkpolicy.cilium.io/x^[[2J created\nagent policy revision 2\n'},
];

describe('formatApply', () => {
  for (const c of applyCases) it(c.name, () => assert.equal(formatApply(c.out, {color: c.color ?? false, waitedMs: c.waitedMs}), c.want));
  it('formatDelete', () => assert.equal(formatDelete('CiliumNetworkPolicy', 'web', 4), 'ciliumnetworkpolicy.cilium.io/web deleted\nagent policy revision 4\n'));
});

const rule = {endpointSelector: {}, ingress: [{}], egress: [{}, {}]};
const listCases: Array<{name: string; list: PolicyList; want: string}> = [
  {name: 'empty', list: {revision: 1, resources: []}, want: 'No policies applied (revision 1).\n'},
  {
    name: 'sorted, rules counted across spec and specs',
    list: {
      revision: 5,
      resources: [
        {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'np', namespace: 'b'}, spec: {podSelector: {}, ingress: [{}]}},
        {apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name: 'long-policy-name', namespace: 'a'}, spec: rule, specs: [rule]},
        {apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: {name: 'c'}, spec: rule},
      ],
    },
    want: [
      'KIND                             NAMESPACE   NAME               RULES',
      'CiliumClusterwideNetworkPolicy   -           c                  3',
      'CiliumNetworkPolicy              a           long-policy-name   6',
      'NetworkPolicy                    b           np                 1',
      'Revision: 5',
      '',
    ].join('\n'),
  },
];

describe('formatPolicyList', () => {
  for (const c of listCases) it(c.name, () => assert.equal(formatPolicyList(c.list), c.want));
});
