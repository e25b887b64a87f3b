// Flag builders shared by several commands. Area-specific builders (Hubble server and filter
// flags, Cilium host flags) live next to this file as flags-<area>.ts.
import {Flags} from '@oclif/core';

/** -o/--output with a fixed list of formats. */
export function outputFlag<T extends string>(formats: readonly T[], def: T, description?: string) {
  return Flags.string({
    char: 'o',
    description: description ?? `Output format: ${formats.join(', ')}.`,
    options: [...formats],
    default: def,
    helpGroup: 'OUTPUT',
  }) as unknown as ReturnType<typeof Flags.custom<T>>;
}
