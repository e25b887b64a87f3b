// Terminal I/O decided once per invocation: streams, TTY, width, colour, spinner.
// Printers receive this object (or just io.color) and never look at process.stdout.
import {Chalk, type ChalkInstance} from 'chalk';

export type ColorMode = 'auto' | 'always' | 'never';

export interface IOOptions {
  color?: ColorMode;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

export class IO {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly color: boolean;
  readonly chalk: ChalkInstance;

  constructor(opts: IOOptions = {}) {
    this.stdout = opts.stdout ?? process.stdout;
    this.stderr = opts.stderr ?? process.stderr;
    const env = opts.env ?? process.env;
    this.stdoutIsTTY = Boolean(this.stdout.isTTY);
    this.stderrIsTTY = Boolean(this.stderr.isTTY);
    this.color = decideColor(opts.color ?? 'auto', this.stdoutIsTTY, env);
    this.chalk = new Chalk({level: this.color ? 1 : 0});
  }

  get width(): number {
    return this.stdout.columns || 80;
  }

  /** Write text to stdout, adding a newline unless it already ends with one (empty string prints nothing). */
  out(text: string): void {
    if (text === '') return;
    this.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Write raw bytes/text to stdout exactly as given. */
  write(text: string): boolean {
    return this.stdout.write(text);
  }

  err(text: string): void {
    this.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** A spinner on stderr, only when stderr is a terminal; otherwise a no-op. */
  async spinner(text: string): Promise<Spinner> {
    if (!this.stderrIsTTY) return {update() {}, stop() {}};
    const {default: ora} = await import('ora');
    const s = ora({text, stream: this.stderr, color: 'cyan', isEnabled: true}).start();
    return {
      update(t: string) {
        s.text = t;
      },
      stop() {
        s.stop();
      },
    };
  }
}

/** auto = stdout is a TTY, NO_COLOR unset or empty, TERM not "dumb". */
export function decideColor(mode: ColorMode, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}
