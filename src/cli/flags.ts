// Flag builders shared by several commands. Area-specific builders (Hubble server and filter
// flags, Cilium host flags) live next to this file as flags-<area>.ts.
import {Flags} from '@oclif/core';

/** -o/--output with a fixed list of formats; the parsed value is typed as the union of formats. */
export function outputFlag<const T extends readonly string[]>(formats: T, def: T[number], description?: string) {
  return Flags.option({
    char: 'o',
    description: description ?? `Output format: ${formats.join(', ')}.`,
    options: formats,
    default: def,
    helpGroup: 'OUTPUT',
  })();
}
