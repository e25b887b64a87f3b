// The one table of exit codes. Commands list the codes they use in their help
// ("EXIT CODES" section) by rendering entries of this table, never literals.

export const ExitCode = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  UNHEALTHY: 3,
  UNREACHABLE: 4,
  PERMISSION: 5,
  TIMEOUT: 6,
  BAD_RESPONSE: 7,
  NOT_FOUND: 8,
  NOT_SUPPORTED: 9,
} as const;

export type ExitCodeName = keyof typeof ExitCode;
export type ExitCodeValue = (typeof ExitCode)[ExitCodeName];

export const exitCodeMeaning: Record<ExitCodeName, string> = {
  OK: 'success',
  FAILED: 'the command failed (for status: the agent reports itself unhealthy)',
  USAGE: 'invalid flags or arguments',
  UNHEALTHY: 'health --strict: a node or endpoint is unreachable',
  UNREACHABLE: 'the agent, Hubble server or cluster could not be reached',
  PERMISSION: 'permission denied (socket access, missing capability)',
  TIMEOUT: 'the request timed out',
  BAD_RESPONSE: 'the server answered with something that is not the expected protocol',
  NOT_FOUND: 'a named object (program, endpoint, interface, policy) does not exist',
  NOT_SUPPORTED: 'the kernel or environment lacks a required feature',
};

/** Help text block listing the given codes, in gh's "EXIT CODES" style. */
export function exitCodesHelp(names: ExitCodeName[]): string {
  const all: ExitCodeName[] = ['OK', 'FAILED', 'USAGE', ...names.filter((n) => !['OK', 'FAILED', 'USAGE'].includes(n))];
  return all.map((n) => `  ${String(ExitCode[n]).padStart(2)}  ${exitCodeMeaning[n]}`).join('\n');
}
