// The privileged harness itself: namespaces and veths work, traffic flows, cleanup removes them.
import assert from 'node:assert/strict';
import {cleanup} from '../helpers/cleanup.js';
import {createLinkedNamespaces, createVethPair, LINK_PREFIX, NETNS_PREFIX} from '../helpers/netns.js';
import {requirePrivileges} from '../helpers/privileges.js';
import {sh} from '../helpers/sh.js';

describe('priv: netns harness', function () {
  before(function () {
    requirePrivileges(this, ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN', 'ip']);
  });

  it('a veth pair into a new netns carries real traffic and is removed by cleanup', async () => {
    const p = await createVethPair();
    const out = await sh('ping', ['-c', '1', '-W', '2', p.nsIp]);
    assert.match(out, /1 received/);
    assert.match(await sh('ip', ['netns', 'list']), new RegExp(p.ns));
    await cleanup.run();
    assert.doesNotMatch(await sh('ip', ['netns', 'list']), new RegExp(NETNS_PREFIX));
    assert.doesNotMatch(await sh('ip', ['-o', 'link']), new RegExp(LINK_PREFIX));
  });

  it('two linked namespaces reach each other without the root namespace', async () => {
    const l = await createLinkedNamespaces();
    const out = await sh('ip', ['netns', 'exec', l.a, 'ping', '-c', '1', '-W', '2', l.bIp]);
    assert.match(out, /1 received/);
  });
});
