// User-supplied regular expressions (http path/url, dns query) use RE2 syntax and semantics,
// as Hubble's Go server does. The native re2 module is loaded on first use only.
import {createRequire} from 'node:module';

type RE2Ctor = new (pattern: string, flags?: string) => RegExp;
let RE2: RE2Ctor | undefined;

export function compileRe2(pattern: string): RegExp {
  RE2 ??= createRequire(import.meta.url)('re2') as RE2Ctor;
  return new RE2(pattern, 'u');
}
