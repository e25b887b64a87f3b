// `npm run gen`: rebuilds every generated file, in dependency order. CI then fails on a diff.
// Steps whose inputs do not exist yet are skipped.
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';

const run = (cmd, args) => {
  console.log(`gen: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, {stdio: 'inherit'});
};

// 1. TypeScript from our own .proto files (protoc-gen-es via buf).
if (existsSync('src/hubble/proto')) run('npx', ['buf', 'generate', 'src/hubble/proto', '--template', 'src/hubble/proto/buf.gen.yaml']);
// 2. eBPF objects with pinned clang flags.
if (existsSync('bpf/Makefile')) run('make', ['-s', '-C', 'bpf', 'all']);
// 3. Build (the manifest feeds the completion scripts).
run('npm', ['run', 'build', '--silent']);
// 4. Shell completion scripts from the oclif manifest.
if (existsSync('dist/completion/generate.js')) run('node', ['dist/completion/generate.js']);
