// The stream printer: dict separators, buffered vs streaming table, node status on stderr,
// and the lost-event summary.
import assert from 'node:assert/strict';
import {create} from '@bufbuild/protobuf';
import {GetFlowsResponseSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import {FlowStreamPrinter} from '../../../src/flows/print/stream.js';
import {DEFAULT_PRINT_OPTIONS} from '../../../src/flows/print/fields.js';
import {lostSummary} from '../../../src/flows/observe.js';

const T = {seconds: 1234n, nanos: 567800000};
const flow = (port: number) =>
  create(GetFlowsResponseSchema, {responseTypes: {case: 'flow', value: {time: T, verdict: 1, IP: {source: '1.1.1.1', destination: '2.2.2.2'}, l4: {protocol: {case: 'UDP', value: {sourcePort: port, destinationPort: 53}}}, Summary: 'UDP'}}});
const status = (state: number, names: string[], message = '') =>
  create(GetFlowsResponseSchema, {responseTypes: {case: 'nodeStatus', value: {stateChange: state, nodeNames: names, message}}, nodeName: 'relay', time: T});
const o = DEFAULT_PRINT_OPTIONS;

describe('flows/print stream', () => {
  it('dict: separator between blocks, not before the first', () => {
    const p = new FlowStreamPrinter('dict', o);
    const a = p.write(flow(1)).out!;
    const b = p.write(flow(2)).out!;
    assert.ok(!a.startsWith('----'));
    assert.ok(b.startsWith('------------\n  TIMESTAMP: Jan  1 00:20:34.567\n'));
  });

  it('table: buffered until the end (one aligned block)', () => {
    const p = new FlowStreamPrinter('table', o);
    assert.deepEqual(p.write(flow(1)), {});
    p.write(flow(22222));
    assert.equal(
      p.end(),
      'TIMESTAMP             SOURCE          DESTINATION   TYPE      VERDICT     SUMMARY\n' +
        'Jan  1 00:20:34.567   1.1.1.1:1       2.2.2.2:53    UNKNOWN   FORWARDED   UDP\n' +
        'Jan  1 00:20:34.567   1.1.1.1:22222   2.2.2.2:53    UNKNOWN   FORWARDED   UDP\n',
    );
  });

  it('table with --follow streams rows, columns only widen', () => {
    const p = new FlowStreamPrinter('table', o, true);
    const first = p.write(flow(1)).out!.split('\n');
    assert.equal(first[0], 'TIMESTAMP             SOURCE      DESTINATION   TYPE      VERDICT     SUMMARY');
    assert.equal(first[1], 'Jan  1 00:20:34.567   1.1.1.1:1   2.2.2.2:53    UNKNOWN   FORWARDED   UDP');
    assert.equal(p.write(flow(22222)).out, 'Jan  1 00:20:34.567   1.1.1.1:22222   2.2.2.2:53    UNKNOWN   FORWARDED   UDP\n');
    assert.equal(p.end(), undefined);
  });

  it('node status: stderr, informational states only with debug', () => {
    const p = new FlowStreamPrinter('compact', o);
    assert.deepEqual(p.write(status(1, ['a'])), {});
    assert.equal(p.write(status(2, ['a', 'b'])).err, 'Jan  1 00:20:34.567 [relay]: 2 nodes are unavailable: a, b\n');
    assert.equal(p.write(status(4, ['a'], 'boom')).err, 'Jan  1 00:20:34.567 [relay]: Error "boom" on 1 nodes: a\n');
    const d = new FlowStreamPrinter('compact', {...o, debug: true});
    assert.equal(d.write(status(1, ['a'])).err, 'Jan  1 00:20:34.567 [relay]: Receiving flows from 1 nodes: a\n');
    const names = Array.from({length: 12}, (_, i) => `node-${i}`);
    assert.match(d.write(status(3, names)).err!, /12 nodes removed from cluster: node-0, node-1, .* \(and \d+ more\)\n$/);
  });

  it('lost events are summarised in plain words', () => {
    assert.equal(lostSummary(new Map()), undefined);
    const s = lostSummary(new Map([['HUBBLE_RING_BUFFER', 5n]]))!;
    assert.match(s, /^Note: 5 events were lost and never reached this output \(5 in HUBBLE_RING_BUFFER: the Hubble server's flow buffer was overwritten/);
  });
});
