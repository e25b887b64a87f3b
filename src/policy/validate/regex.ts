// RE2 compilation for policy regexes (Cilium compiles HTTP path/method with Go's regexp, Envoy
// matches with RE2), cached per pattern.
import {loadRE2} from '../../re2.js';

interface RE2Like {
  test(s: string): boolean;
}

const cache = new Map<string, {re?: RE2Like; error?: string}>();

/** Compile with RE2 semantics; `error` is RE2's own text ("missing ): GET|(POST"). */
export function compileRE2(pattern: string): {re?: RE2Like; error?: string} {
  let hit = cache.get(pattern);
  if (!hit) {
    try {
      hit = {re: new (loadRE2())(pattern, 'u')};
    } catch (e) {
      hit = {error: e instanceof Error ? e.message : String(e)};
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, hit);
  }
  return hit;
}

/** Envoy header matching: the whole value must match (the pattern is anchored at both ends). */
export function fullMatch(pattern: string, value: string): boolean {
  const {re} = compileRE2(`^(?:${pattern})$`);
  return re !== undefined && re.test(value);
}
