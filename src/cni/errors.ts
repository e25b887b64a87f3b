// CNI error results (spec 1.0 "Error" section): well-known codes 1-11, plugin codes from 100.
export const CniCode = {
  INCOMPATIBLE_VERSION: 1,
  UNSUPPORTED_FIELD: 2,
  UNKNOWN_CONTAINER: 3,
  INVALID_ENV: 4,
  IO_FAILURE: 5,
  DECODE_FAILURE: 6,
  INVALID_CONFIG: 7,
  TRY_AGAIN_LATER: 11,
  /** axon: ADD for a container/interface that is already attached (DEL it first) */
  ALREADY_ATTACHED: 100,
  /** axon: the agent's pod CIDR has no free address */
  POOL_EXHAUSTED: 101,
  /** axon: CHECK found a difference between the result and the host */
  CHECK_FAILED: 102,
  INTERNAL: 999,
} as const;

export class CniError extends Error {
  constructor(
    readonly code: number,
    msg: string,
    readonly details = '',
  ) {
    super(msg);
  }

  toResult(cniVersion: string): {cniVersion: string; code: number; msg: string; details?: string} {
    return {cniVersion, code: this.code, msg: this.message, ...(this.details ? {details: this.details} : {})};
  }
}
