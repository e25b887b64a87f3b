// The koffi declarations against the system libbpf: struct sizes match the C headers
// (reference/ebpf-loading.md: 24/32/80), errno conventions become typed errors.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {NotFoundError, NotSupportedError, PermissionError, UsageError, AxonError} from '../../../src/errors.js';
import {check, errnoError, errnoText, libbpf} from '../../../src/ebpf/libbpf.js';

describe('ebpf/libbpf bindings', () => {
  it('struct sizes are those of the libbpf 1.1 headers (bpf_tc_hook 24, bpf_tc_opts 32, bpf_object_open_opts 80)', async () => {
    const lib = await libbpf();
    assert.deepEqual(lib.sizes, {tcHook: 24, tcOpts: 32, openOpts: 80});
  });

  it('the sizes agree with sizeof() compiled against the installed headers', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'axon-sizeof-'));
    writeFileSync(join(dir, 's.c'), '#include <stdio.h>\n#include <bpf/libbpf.h>\nint main(void){printf("%zu %zu %zu", sizeof(struct bpf_tc_hook), sizeof(struct bpf_tc_opts), sizeof(struct bpf_object_open_opts));return 0;}\n');
    execFileSync('cc', ['-o', join(dir, 's'), join(dir, 's.c')]);
    const [hook, opts, open] = execFileSync(join(dir, 's'), {encoding: 'utf8'}).split(' ').map(Number);
    assert.deepEqual((await libbpf()).sizes, {tcHook: hook, tcOpts: opts, openOpts: open});
  });

  it('a negative return becomes the typed error of its errno; >= 0 passes through', () => {
    assert.equal(check('x', 7), 7);
    const cases: Array<[number, typeof AxonError, RegExp]> = [
      [-1, PermissionError, /^attach: EPERM \(operation not permitted\)$/i],
      [-2, NotFoundError, /^attach: ENOENT/],
      [-22, UsageError, /^attach: EINVAL/],
      [-95, NotSupportedError, /^attach: ENOTSUP/],
      [-524, NotSupportedError, /^attach: ENOTSUPP \(operation not supported\)$/],
      [-16, AxonError, /^attach: EBUSY/],
    ];
    for (const [rc, cls, msg] of cases) {
      assert.throws(() => check('attach', rc), (e: Error) => e instanceof cls && msg.test(e.message), `rc ${rc}`);
    }
    assert.match(errnoError('x', -1).hint ?? '', /CAP_BPF/);
    assert.equal(errnoText(13), 'EACCES (permission denied)');
  });

  it('a NULL-returning call reports errno: opening a missing object', async () => {
    const lib = await libbpf();
    const p = lib.bpf_object__open_file('/nonexistent/x.o', null);
    assert.equal(p, null);
    assert.equal(lib.errno(), 2);
  });
});
