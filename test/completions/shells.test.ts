// The generated scripts in completions/, driven through the real bash, zsh and fish, calling
// this checkout's `axon` (bin/run.js) for every candidate.
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {tmpDir} from '../helpers/tmp.js';
import {offered, zshComplete, type Listed, type ShellName} from './shells.js';

const SHELLS: ShellName[] = ['bash', 'zsh', 'fish'];
const values = (l: Listed[]) => l.map((x) => x.value);
const describes = (shell: ShellName) => shell !== 'bash';

function has(list: Listed[], value: string, description?: RegExp): void {
  const hit = list.find((x) => x.value === value);
  assert.ok(hit, `${value} not offered; got ${JSON.stringify(values(list))}`);
  if (description) assert.match(hit.description ?? '', description, `description of ${value}`);
}

for (const shell of SHELLS) {
  describe(`completion: ${shell}`, function () {
    this.timeout(60_000);

    it('completes a topic', async () => {
      const got = await offered(shell, 'axon pol');
      assert.deepEqual(values(got), ['policy']);
      if (describes(shell)) has(got, 'policy', /Validate, trace and apply/);
    });

    it('completes a subcommand of a topic', async () => {
      const got = await offered(shell, 'axon policy va');
      assert.deepEqual(values(got), ['validate']);
      if (describes(shell)) has(got, 'validate', /\S/);
    });

    it('completes the flags of a command, long and short, with descriptions', async () => {
      const got = await offered(shell, 'axon policy validate -');
      for (const f of ['--output', '-o', '--strict', '--color', '--help']) has(got, f, describes(shell) ? /\S/ : undefined);
      if (describes(shell)) has(got, '--output', /json/);
      const long = values(await offered(shell, 'axon policy validate --st'));
      assert.deepEqual(long, ['--strict']);
    });

    it('does not offer a flag again that was already given', async () => {
      const got = values(await offered(shell, 'axon policy validate --strict --'));
      assert.ok(!got.includes('--strict'), JSON.stringify(got));
      assert.ok(got.includes('--output'));
    });

    it('completes the values a flag lists (options, or its description for case-insensitive ones)', async () => {
      assert.deepEqual(values(await offered(shell, 'axon observe -o ')).sort(), ['compact', 'dict', 'json', 'jsonpb', 'tab', 'table']);
      const verdicts = await offered(shell, 'axon observe --verdict ');
      for (const v of ['FORWARDED', 'DROPPED', 'AUDIT']) has(verdicts, v);
      assert.deepEqual(values(await offered(shell, 'axon observe --verdict D')), ['DROPPED']);
      assert.deepEqual(values(await offered(shell, 'axon observe --traffic-direction ')).sort(), ['egress', 'ingress']);
      assert.deepEqual(values(await offered(shell, 'axon bpf load x.o --attach ')).sort(), ['tc', 'tcx', 'xdp']);
    });

    it('completes enum values of a flag, also after "="', async () => {
      assert.deepEqual(values(await offered(shell, 'axon policy validate -o ')).sort(), ['json', 'text']);
      assert.deepEqual(values(await offered(shell, 'axon status --color a')).sort(), ['always', 'auto']);
      const eq = values(await offered(shell, 'axon status --color=n'));
      assert.deepEqual(eq, shell === 'bash' ? ['never'] : ['--color=never']);
    });

    it('completes file names for a file argument', async () => {
      const dir = tmpDir();
      writeFileSync(join(dir, 'allow-web.yaml'), 'kind: CiliumNetworkPolicy\n');
      writeFileSync(join(dir, 'deny all.json'), '{}\n');
      mkdirSync(join(dir, 'policies'));
      const got = values(await offered(shell, 'axon policy validate ', {cwd: dir})).map((v) => v.replace(/\/$/, ''));
      // zsh lists "deny all.json" as it would insert it, with the blank quoted.
      assert.deepEqual(got.sort(), ['allow-web.yaml', shell === 'zsh' ? 'deny\\ all.json' : 'deny all.json', 'policies']);
      // After "--flag=" the file name is completed after the "=".
      const eq = values(await offered(shell, 'axon observe --input-file=al', {cwd: dir}));
      assert.deepEqual(eq, [shell === 'fish' ? '--input-file=allow-web.yaml' : 'allow-web.yaml']);
    });

    it('completes kubeconfig contexts, also names with ":" (a word break in bash)', async () => {
      const kubeconfig = join(tmpDir(), 'config');
      writeFileSync(kubeconfig, 'current-context: kind-dev\ncontexts:\n- name: kind-dev\n  context: {cluster: kind-dev}\n- name: "arn:aws:eks:eu-west-1:1:cluster/prod"\n  context: {cluster: prod}\n');
      const env = {KUBECONFIG: kubeconfig, AXON_COMPLETE_TIMEOUT_MS: '10000'};
      const all = await offered(shell, 'axon policy apply --context ', {env});
      assert.deepEqual(values(all).sort(), ['arn:aws:eks:eu-west-1:1:cluster/prod', 'kind-dev']);
      if (describes(shell)) has(all, 'kind-dev', /\(current\)/);
      const arn = values(await offered(shell, 'axon policy apply --context arn:aws:', {env}));
      assert.deepEqual(arn, [shell === 'bash' ? 'eks:eu-west-1:1:cluster/prod' : 'arn:aws:eks:eu-west-1:1:cluster/prod']);
    });

    it('offers only *.o files (and directories) for an eBPF object, only directories for a -dir flag', async () => {
      const dir = tmpDir();
      for (const f of ['drop.bpf.o', 'flow.o', 'flow.c', 'notes.txt']) writeFileSync(join(dir, f), '');
      mkdirSync(join(dir, 'objs'));
      const objects = values(await offered(shell, 'axon bpf load ', {cwd: dir})).map((v) => v.replace(/\/$/, ''));
      assert.deepEqual(objects.sort(), ['drop.bpf.o', 'flow.o', 'objs']);
      const dirs = values(await offered(shell, 'axon agent --run-dir ', {cwd: dir})).map((v) => v.replace(/\/$/, ''));
      assert.deepEqual(dirs, ['objs']);
    });
  });
}

describe('completion: zsh inserts', function () {
  this.timeout(60_000);
  it('the unique match on TAB, with a space after it', async () => {
    assert.equal((await zshComplete('axon policy va', {tab: true})).line, 'axon policy validate ');
    assert.equal((await zshComplete('axon status --col', {tab: true})).line, 'axon status --color ');
  });
});
