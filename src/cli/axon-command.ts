// Base class of every command: shared flags, the IO object, and one catch()
// that turns errors into "Error:"/"Hint:" lines and exit codes from exit-codes.ts.
import {Command, Flags, Errors, type Interfaces} from '@oclif/core';
import {AxonError} from '../errors.js';
import {ExitCode} from './exit-codes.js';
import {IO, type ColorMode} from './io.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof AxonCommand)['baseFlags'] & T['flags']>;

export abstract class AxonCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      char: 'D',
      description: 'Print stack traces and debug details on errors (also AXON_DEBUG=1).',
      helpGroup: 'GLOBAL',
    }),
    color: Flags.string({
      description: 'When to use colours: auto (terminal and no NO_COLOR), always or never.',
      options: ['auto', 'always', 'never'],
      default: 'auto',
      helpGroup: 'GLOBAL',
    }),
  };

  private _io?: IO;

  /** Terminal I/O, decided from --color once flags are parsed (auto before that). */
  get io(): IO {
    if (!this._io) this._io = new IO({color: 'auto'});
    return this._io;
  }

  protected setIO(color: ColorMode): IO {
    this._io = new IO({color});
    return this._io;
  }

  override async init(): Promise<void> {
    await super.init();
    // Decide colour from the raw argv so that catch() agrees with run() even when parsing fails.
    const argv = this.argv;
    let color: ColorMode = 'auto';
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--') break;
      if (a.startsWith('--color=')) color = a.slice(8) as ColorMode;
      else if (a === '--color' && argv[i + 1]) color = argv[i + 1] as ColorMode;
    }
    if (!['auto', 'always', 'never'].includes(color)) color = 'auto';
    this.setIO(color);
    // An EPIPE on stdout (`axon observe | head`) ends the command quietly.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(ExitCode.OK);
      throw err;
    });
  }

  protected debugEnabled(): boolean {
    return this.argv.includes('--debug') || this.argv.includes('-D') || process.env.AXON_DEBUG === '1';
  }

  override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<void> {
    const debug = this.debugEnabled();
    if (err instanceof AxonError) {
      this.io.err(`Error: ${err.message}`);
      if (err.hint) this.io.err(`Hint: ${err.hint}`);
      if (debug) this.io.err(formatStack(err));
      this.exit(err.exitCode);
    }
    // oclif's own exit() and parse errors carry their exit code; parse errors are usage errors.
    if (err instanceof Errors.ExitError) throw err;
    const oclifExit = err.oclif?.exit;
    if (err instanceof Errors.CLIError || oclifExit !== undefined) {
      const code = oclifExit ?? ExitCode.FAILED;
      const msg = stripAnsi(err.message).replace(/^Error: /, '');
      this.io.err(`Error: ${msg}`);
      if (code === ExitCode.USAGE) this.io.err(`Hint: see "axon ${this.id?.replaceAll(':', ' ') ?? ''} --help"`);
      if (debug) this.io.err(formatStack(err));
      this.exit(code);
    }
    // Anything else is a bug or an unexpected system failure: one line, stack only with --debug.
    this.io.err(`Error: ${err.message}`);
    if (debug) this.io.err(formatStack(err));
    else this.io.err('Hint: rerun with --debug for details');
    this.exit(ExitCode.FAILED);
  }
}

function formatStack(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  while (e instanceof Error) {
    parts.push(e.stack ?? String(e));
    e = e.cause;
  }
  return parts.join('\ncaused by: ');
}

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
