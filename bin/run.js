#!/usr/bin/env node
// Fast paths first: `--version` and the completion callback must not pay for loading oclif.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  const {versionInfo, formatVersion} = await import('../dist/version.js');
  process.stdout.write(formatVersion(versionInfo(false)) + '\n');
} else if (argv[0] === '__complete') {
  const {main} = await import('../dist/completion/complete.js');
  await main(argv.slice(1));
} else {
  // dist/bundle/oclif.js is @oclif/core bundled with the commands (see .ci/bundle.mjs).
  const {execute} = await import('../dist/bundle/oclif.js');
  await execute({dir: import.meta.url});
}
