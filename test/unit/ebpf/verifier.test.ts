import assert from 'node:assert/strict';
import {summarizeVerifierLog, VerifierError} from '../../../src/ebpf/verifier.js';

const LOG = `func#0 @0
0: R1=ctx() R10=fp0
; unsigned char *data = (void *)(long)skb->data; @ bad_access.bpf.c:8
0: (61) r1 = *(u32 *)(r1 +76)         ; R1_w=pkt(r=0)
; if (data[20] == 6) @ bad_access.bpf.c:9
1: (71) r2 = *(u8 *)(r1 +20)
invalid access to packet, off=20 size=1, R1(id=0,off=20,r=0)
R1 offset is outside of the packet
processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
`;

describe('ebpf/verifier summary', () => {
  const cases: Array<{name: string; log: string; lines: string[]; omitted: number}> = [
    {
      name: 'source line, failing instruction and reasons',
      log: LOG,
      lines: ['; if (data[20] == 6) @ bad_access.bpf.c:9', '1: (71) r2 = *(u8 *)(r1 +20)', 'invalid access to packet, off=20 size=1, R1(id=0,off=20,r=0)', 'R1 offset is outside of the packet'],
      omitted: 5,
    },
    {name: 'no instruction lines: the last two lines', log: 'BTF is invalid\nbad type 3\n', lines: ['BTF is invalid', 'bad type 3'], omitted: 0},
    {name: 'empty', log: '', lines: [], omitted: 0},
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(summarizeVerifierLog(c.log), {lines: c.lines, omitted: c.omitted}));

  it('VerifierError: summary with the omitted count, or the whole log when verbose', () => {
    const short = new VerifierError('load x.o', 'bad_access', 'EACCES', LOG, false);
    assert.equal(short.message.split('\n')[0], 'load x.o: program bad_access: the verifier rejected it (EACCES):');
    assert.equal(short.message.split('\n').at(-1), '  (5 lines omitted; rerun with --verbose)');
    const full = new VerifierError('load x.o', 'bad_access', 'EACCES', LOG, true);
    assert.equal(full.message.split('\n').length, 1 + LOG.trim().split('\n').length);
  });
});
