// RE2 (the engine Cilium's Go regexp and Envoy's safe_regex share): loaded on first use with a
// synchronous require, so importing the validator costs nothing until a regex is compiled.
import {createRequire} from 'node:module';

interface RE2Like {
  test(s: string): boolean;
}
type RE2Ctor = new (pattern: string, flags?: string) => RE2Like;

let ctor: RE2Ctor | undefined;
function re2(): RE2Ctor {
  ctor ??= createRequire(import.meta.url)('re2') as RE2Ctor;
  return ctor;
}

const cache = new Map<string, {re?: RE2Like; error?: string}>();

/** Compile with RE2 semantics; `error` is RE2's own text ("missing ): GET|(POST"). */
export function compileRE2(pattern: string): {re?: RE2Like; error?: string} {
  let hit = cache.get(pattern);
  if (!hit) {
    try {
      hit = {re: new (re2())(pattern, 'u')};
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
