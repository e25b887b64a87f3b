import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {ROOT, runCli} from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {version: string};
// eslint-disable-next-line no-control-regex
const ESC = /\u001b/;

describe('axon (foundation)', () => {
  it('--version prints the package version, platform and node', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `axon/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
  });

  it('version --verbose adds kernel and libbpf', async () => {
    const r = await runCli(['version', '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kernel: \d+\.\d+/m);
    assert.match(r.stdout, /^libbpf: (\d+\.\d+\.\d+|not found)/m);
  });

  it('version --json prints one document', async () => {
    const r = await runCli(['version', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {version: string; kernel: string};
    assert.equal(doc.version, pkg.version);
    assert.ok(doc.kernel);
  });

  it('an unknown command suggests the closest one and exits 2', async () => {
    const r = await runCli(['versoin']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Error: unknown command "versoin"/m);
    assert.match(r.stderr, /did you mean "axon version"/);
    assert.equal(r.stdout, '');
  });

  it('an unknown flag exits 2 naming the flag', async () => {
    const r = await runCli(['version', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--bogus/);
  });

  it('a bad flag value gives one Error: line and a Hint: line, no stack', async () => {
    const r = await runCli(['version', '--color', 'purple']);
    assert.equal(r.code, 2);
    const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('Error:'));
    assert.equal(errorLines.length, 1, r.stderr);
    assert.match(r.stderr, /^Hint: /m);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --debug');
  });

  it('--debug adds the stack trace', async () => {
    const r = await runCli(['version', '--color', 'purple', '--debug']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\n\s+at /);
  });

  it('help in a pipe and with NO_COLOR has no escape codes', async () => {
    for (const env of [{}, {NO_COLOR: '1'}]) {
      const r = await runCli(['--help'], {env});
      assert.equal(r.code, 0);
      assert.match(r.stdout, /USAGE/);
      assert.doesNotMatch(r.stdout + r.stderr, ESC);
    }
  });
});
