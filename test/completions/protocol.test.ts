// `axon __complete` as a process (the protocol the scripts rely on) and `axon completion`.
import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {ROOT, runCli} from '../helpers/cli.js';
import {tmpDir} from '../helpers/tmp.js';
import {Directive, parseCompletion, type Completion} from '../../src/completion/protocol.js';
import {contexts} from '../../src/completion/providers/kubeconfig.js';
import {SCRIPT_FILES, SHELLS} from '../../src/completion/scripts/index.js';
import type {Manifest} from '../../src/completion/manifest.js';

async function complete(words: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Completion> {
  const r = await runCli(['__complete', ...words], {env, cwd});
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return parseCompletion(r.stdout);
}
const vals = (c: Completion) => c.candidates.map((x) => x.value);

describe('completion: protocol', function () {
  this.timeout(30_000);

  for (const shell of SHELLS) {
    it(`"axon completion ${shell}" prints the committed completions/${SCRIPT_FILES[shell]}`, async () => {
      const r = await runCli(['completion', shell]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, readFileSync(join(ROOT, 'completions', SCRIPT_FILES[shell]), 'utf8'), 'run "npm run gen"');
      assert.match(r.stdout, /DO NOT EDIT/);
    });
  }

  it('rejects an unknown shell with a usage error', async () => {
    const r = await runCli(['completion', 'tcsh']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bash, zsh, fish|bash\|zsh\|fish|Expected/);
  });

  it('reaches every visible command of the manifest word by word', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as Manifest;
    for (const cmd of Object.values(manifest.commands).filter((c) => !c.hidden)) {
      const words = cmd.id.split(':');
      for (let i = 0; i < words.length; i++) {
        const c = await complete([...words.slice(0, i), words[i].slice(0, 1)]);
        assert.ok(vals(c).includes(words[i]), `"${words.slice(0, i + 1).join(' ')}" not offered after "${words.slice(0, i).join(' ')}": ${vals(c)}`);
        assert.ok(c.candidates.find((x) => x.value === words[i])?.description, `no description for ${words[i]}`);
      }
    }
  });

  it('tells the shell what to do with files: fall back, filter by extension, directories only', async () => {
    const file = await complete(['policy', 'validate', '']);
    assert.deepEqual(file, {candidates: [], directive: Directive.Default});
    assert.deepEqual(await complete(['bpf', 'load', '']), {candidates: [{value: 'o'}], directive: Directive.FilterFileExt});
    assert.deepEqual(await complete(['agent', '--run-dir', '']), {candidates: [], directive: Directive.FilterDirs});
    // After "--" everything is an argument, even a word starting with "-".
    assert.deepEqual(await complete(['policy', 'validate', '--', '-']), {candidates: [], directive: Directive.Default});
  });

  it('completes values after "--flag=" with the prefix, and keeps the cursor after a trailing "="', async () => {
    assert.deepEqual(vals(await complete(['status', '--color=al'])), ['--color=always']);
    const jp = await complete(['status', '-o', 'jsonp']);
    assert.deepEqual(vals(jp), ['jsonpath=']);
    assert.equal(jp.directive, Directive.NoFileComp | Directive.NoSpace);
  });

  it('leaves out flags already given and flags that conflict with them (exclusive)', async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as Manifest;
    const cmd = Object.values(manifest.commands).find((c) => Object.values(c.flags).some((f) => f.exclusive?.length && !f.hidden));
    assert.ok(cmd, 'a command with exclusive flags');
    const flag = Object.values(cmd.flags).find((f) => f.exclusive?.length)!;
    const words = [...cmd.id.split(':'), `--${flag.name}${flag.type === 'option' ? '=x' : ''}`, '--'];
    const offered = vals(await complete(words));
    assert.ok(!offered.includes(`--${flag.name}`), 'given flag offered again');
    for (const other of flag.exclusive!) assert.ok(!offered.includes(`--${other}`), `--${other} conflicts with --${flag.name}`);
    assert.ok(offered.includes('--help'));
  });

  it('offers nothing (and no files) for words that are not axon commands', async () => {
    assert.deepEqual(await complete(['nosuch', '']), {candidates: [], directive: Directive.NoFileComp});
    assert.deepEqual(await complete(['--nosuch=x']), {candidates: [], directive: Directive.NoFileComp});
  });

  it('reads kubeconfig contexts from $KUBECONFIG (first file wins, missing files skipped), the current one marked', async () => {
    const dir = tmpDir();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, 'current-context: kind-dev\ncontexts:\n- name: kind-dev\n  context: {cluster: kind-dev, namespace: shop}\n');
    writeFileSync(b, 'contexts:\n- name: "arn:aws:eks:eu-west-1:1:cluster/prod"\n  context: {cluster: prod}\n- name: kind-dev\n  context: {cluster: other}\n');
    const ctx = {commandId: '', args: [], flags: new Map(), cwd: dir, signal: new AbortController().signal};
    assert.deepEqual(await contexts({...ctx, env: {KUBECONFIG: `${a}:${join(dir, 'absent')}:${b}`}}), [
      {value: 'kind-dev', description: 'cluster kind-dev, namespace shop (current)'},
      {value: 'arn:aws:eks:eu-west-1:1:cluster/prod', description: 'cluster prod'},
    ]);
    // Without $KUBECONFIG: ~/.kube/config.
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), {recursive: true});
    writeFileSync(join(home, '.kube', 'config'), 'contexts:\n- name: home\n');
    assert.deepEqual(await contexts({...ctx, env: {HOME: home}}), [{value: 'home', description: ''}]);
  });
});
