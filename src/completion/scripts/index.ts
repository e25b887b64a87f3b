// One entry point for the three scripts: `axon completion <shell>` and generate.ts both render here.
import type {CliInfo} from '../manifest.js';
import {bashScript} from './bash.js';
import {fishScript} from './fish.js';
import {zshScript} from './zsh.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Installed file name of each script (completions/<name>). */
export const SCRIPT_FILES: Record<Shell, string> = {bash: 'axon.bash', zsh: '_axon', fish: 'axon.fish'};

export function renderScript(shell: Shell, info: CliInfo): string {
  return {bash: bashScript, zsh: zshScript, fish: fishScript}[shell](info);
}
