// Value lists read from flag descriptions, for flags that cannot use oclif `options`
// (upstream accepts any case, or TYPE:SUBTYPE forms). Table of real help texts.
import assert from 'node:assert/strict';
import {listedValues} from '../../src/completion/sources.js';

const cases: Array<{name: string; description: string; want: string[]}> = [
  {name: 'a list after a colon', description: 'Verdict: FORWARDED, DROPPED, AUDIT.', want: ['FORWARDED', 'DROPPED', 'AUDIT']},
  {name: 'a list before an aside', description: 'Timestamp layout: StampMilli, RFC3339 (any case; unknown names use StampMilli).', want: ['StampMilli', 'RFC3339']},
  {name: 'items with a syntax suffix, and "or numbers"', description: 'Event type TYPE[:SUBTYPE]: capture, drop, trace[:to-endpoint|from-host|…], trace-sock, or numbers.', want: ['capture', 'drop', 'trace', 'trace-sock']},
  {name: 'a list in parentheses', description: 'TCP flags that must all be set, comma separated (syn, ack, fin).', want: ['syn', 'ack', 'fin']},
  {name: 'two words joined by "or"', description: 'ingress or egress (any case).', want: ['ingress', 'egress']},
  {name: 'an aside of two is prose', description: 'Timeout of unary requests (status, list); streams never time out.', want: []},
  {name: 'prose with "or"', description: 'Source or destination Kubernetes namespace (combines with --pod).', want: []},
  {name: 'an example is not a list', description: 'Drop reason enum name (e.g. POLICY_DENIED).', want: []},
  {name: 'durations are not words', description: 'Since: relative (3s, 4m, 1h43m) or absolute.', want: []},
  {name: 'no description', description: '', want: []},
];

describe('completion: values listed in descriptions', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(listedValues(c.description), c.want));
});
