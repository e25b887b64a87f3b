// CIDR parsing as Go's net.ParseCIDR: what parses, host bits, containment.
import assert from 'node:assert/strict';
import {contains, formatNetwork, hasHostBits, parseCidr} from '../../../../src/policy/validate/cidr.js';

const parses: Array<[string, string | undefined, boolean?]> = [
  ['10.0.0.0/8', '10.0.0.0/8', false],
  ['10.0.0.1/8', '10.0.0.0/8', true],
  ['0.0.0.0/0', '0.0.0.0/0', false],
  ['192.168.1.1/32', '192.168.1.1/32', false],
  ['2001:db8::1/32', '2001:db8::/32', true],
  ['::/0', '::/0', false],
  ['fd00:1:2:3::/64', 'fd00:1:2:3::/64', false],
  ['10.0.0/8', undefined],
  ['010.0.0.0/8', undefined],
  ['10.0.0.0/33', undefined],
  ['10.0.0.0/08', undefined],
  ['2001:db8::/129', undefined],
  ['fe80::1%eth0/64', undefined],
  ['10.0.0.0', undefined],
  ['', undefined],
];

describe('policy validate: CIDR', () => {
  for (const [text, network, hostBits] of parses) {
    it(`${JSON.stringify(text)} → ${network ?? 'invalid'}`, () => {
      const p = parseCidr(text);
      assert.equal(p && formatNetwork(p), network);
      if (p) assert.equal(hasHostBits(p), hostBits);
    });
  }
  const containment: Array<[string, string, boolean]> = [
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['0.0.0.0/0', '::/0', false],
  ];
  for (const [outer, inner, want] of containment) {
    it(`${outer} ${want ? 'contains' : 'does not contain'} ${inner}`, () => assert.equal(contains(parseCidr(outer)!, parseCidr(inner)!), want));
  }
});
