// User-supplied regular expressions (http path/url, dns query) use RE2 syntax and semantics,
// as Hubble's Go server does.
import {loadRE2} from '../../re2.js';

export function compileRe2(pattern: string): RegExp {
  return new (loadRE2())(pattern, 'u');
}
