// `axon demo policy` against an agent that is not there: the typed connect error, no stack.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {runCli} from '../../helpers/cli.js';
import {tmpDir} from '../../helpers/tmp.js';

describe('axon demo policy (CLI)', () => {
  it('exits UNREACHABLE with a hint when no agent listens', async () => {
    const sock = join(tmpDir('axon-demo-'), 'cilium.sock');
    const r = await runCli(['demo', 'policy', '--host', `unix://${sock}`]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^Error: .*cilium\.sock/m);
    assert.match(r.stderr, /^Hint: /m);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  });

  it('documents what it enforces in --help', async () => {
    const r = await runCli(['demo', 'policy', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /not enforced locally yet/);
    assert.match(r.stdout, /EXIT CODES/);
  });
});
