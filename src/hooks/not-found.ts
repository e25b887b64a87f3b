// Unknown command: suggest the closest commands (edit distance) and exit 2, never prompt.
import type {Hook} from '@oclif/core';
import {ExitCode} from '../cli/exit-codes.js';
import {closest} from '../cli/suggest.js';

const hook: Hook<'command_not_found'> = async function (opts) {
  const ids = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id.replaceAll(':', ' '));
  const typed = opts.id.replaceAll(':', ' ');
  const hints = closest(typed, ids, 3);
  process.stderr.write(`Error: unknown command "${typed}" for "axon"\n`);
  if (hints.length) process.stderr.write(`Hint: did you mean ${hints.map((h) => `"axon ${h}"`).join(' or ')}? See "axon --help".\n`);
  else process.stderr.write('Hint: see "axon --help" for the list of commands\n');
  process.exit(ExitCode.USAGE);
};

export default hook;
