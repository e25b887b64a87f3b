#!/usr/bin/env node
// axon-cni: the CNI plugin binary (a runtime runs it with CNI_* env and the config on stdin).
const {main, readStdin} = await import('../dist/cni/main.js');
process.exitCode = await main({env: process.env, stdin: await readStdin(), write: (s) => process.stdout.write(s)});
