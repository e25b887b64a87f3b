// Typed errors: what failed (message), what to do (hint), how the process exits.
// Context is added as a prefix chain with wrap(): "load bpf/x.o: program y: ...".
import {ExitCode, type ExitCodeValue} from './cli/exit-codes.js';

export interface AxonErrorOptions {
  hint?: string;
  cause?: unknown;
  exitCode?: ExitCodeValue;
}

export class AxonError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, opts: AxonErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : {cause: opts.cause});
    this.name = new.target.name;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? (new.target as unknown as {defaultExit?: ExitCodeValue}).defaultExit ?? ExitCode.FAILED;
  }

  static defaultExit: ExitCodeValue = ExitCode.FAILED;
}

/** Bad flags, arguments or input the user gave. */
export class UsageError extends AxonError {
  static override defaultExit: ExitCodeValue = ExitCode.USAGE;
}
/** Nothing listens where we tried to connect. */
export class ConnectError extends AxonError {
  static override defaultExit: ExitCodeValue = ExitCode.UNREACHABLE;
}
export class PermissionError extends AxonError {
  static override defaultExit: ExitCodeValue = ExitCode.PERMISSION;
}
export class TimeoutError extends AxonError {
  static override defaultExit: ExitCodeValue = ExitCode.TIMEOUT;
}
/** The peer answered, but not in the protocol we expected. */
export class ProtocolError extends AxonError {
  static override defaultExit: ExitCodeValue = ExitCode.BAD_RESPONSE;
}
export class NotFoundError extends AxonError {
  static override defaultExit: ExitCodeValue = ExitCode.NOT_FOUND;
}
export class NotSupportedError extends AxonError {
  static override defaultExit: ExitCodeValue = ExitCode.NOT_SUPPORTED;
}

/** Prefix context onto an error, keeping its class, hint and exit code. */
export function wrap(prefix: string, err: unknown): AxonError {
  if (err instanceof AxonError) {
    const Cls = err.constructor as new (m: string, o: AxonErrorOptions) => AxonError;
    return new Cls(`${prefix}: ${err.message}`, {hint: err.hint, cause: err, exitCode: err.exitCode});
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new AxonError(`${prefix}: ${msg}`, {cause: err});
}

/** Map a Node system error code (ENOENT, EACCES, ...) from a connect attempt to a typed error. */
export function fromSystemError(what: string, err: unknown, hint?: string): AxonError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const msg = `${what}: ${err instanceof Error ? err.message : String(err)}`;
  switch (code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConnectError(msg, {hint, cause: err});
    case 'EACCES':
    case 'EPERM':
      return new PermissionError(msg, {hint: 'run as root, or as a member of the socket\'s group (e.g. "cilium")', cause: err});
    case 'ETIMEDOUT':
      return new TimeoutError(msg, {hint, cause: err});
    default:
      return new AxonError(msg, {hint, cause: err});
  }
}
