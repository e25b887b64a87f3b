// Hints say what to do: the usual misplacements and misspellings get a concrete suggestion.
import assert from 'node:assert/strict';
import {validateSources} from '../../../../src/policy/validate/index.js';
import {client, cnp, ing, np, sel, toSource, type Doc} from './cases-helpers.js';

const cases: Array<{name: string; doc: Doc; path: string; hint: RegExp}> = [
  {name: 'misspelt selector field', doc: cnp({endpointSelector: {matchlabels: {app: 'web'}}, ingress: [{fromEndpoints: [client]}]}), path: 'spec.endpointSelector.matchlabels', hint: /did you mean "matchLabels"\?/},
  {name: 'singular peer field', doc: ing({fromEndpoint: [client]}), path: 'spec.ingress[0].fromEndpoint', hint: /did you mean "fromEndpoints"\?/},
  {name: 'toPorts at rule level', doc: cnp({endpointSelector: sel, ingress: [{}], toPorts: [{ports: [{port: '80'}]}]}), path: 'spec.toPorts', hint: /inside an ingress or egress element/},
  {name: 'podSelector in a CNP', doc: cnp({podSelector: sel, ingress: [{}]}), path: 'spec.podSelector', hint: /endpointSelector/},
  {name: 'endpointSelector in a NetworkPolicy', doc: np({podSelector: {}, endpointSelector: {}}), path: 'spec.endpointSelector', hint: /podSelector/},
  {name: 'misspelt entity', doc: ing({fromEntities: ['wrold']}), path: 'spec.ingress[0].fromEntities[0]', hint: /did you mean "world"\?/},
  {name: 'toFQDNs in egressDeny', doc: cnp({endpointSelector: sel, egress: [{toEndpoints: [client]}], egressDeny: [{toFQDNs: [{matchName: 'a.com'}]}]}), path: 'spec.egressDeny[0].toFQDNs', hint: /deny by DNS name is not supported/},
  {name: 'unknown field with no close match lists the fields', doc: ing({fromEndpoints: [client], zzz: 1}), path: 'spec.ingress[0].zzz', hint: /known fields here: fromEndpoints, .*toPorts/},
];

describe('policy validate: hints', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = validateSources([toSource(c.doc)]);
      const e = r.errors.find((d) => d.path === c.path);
      assert.ok(e, `no error at ${c.path}: ${JSON.stringify(r.errors.map((d) => d.path))}`);
      assert.match(e.hint ?? '', c.hint);
    });
  }
});
