// The native RE2 binding (the engine of Cilium's Go regexp, Envoy's safe_regex and Hubble's
// filters), loaded with a synchronous require on first use only, so importing a module that may
// compile a regex costs nothing until it does.
import {createRequire} from 'node:module';

export type RE2Ctor = new (pattern: string, flags?: string) => RegExp;
let ctor: RE2Ctor | undefined;

export function loadRE2(): RE2Ctor {
  ctor ??= createRequire(import.meta.url)('re2') as RE2Ctor;
  return ctor;
}
