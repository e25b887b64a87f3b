// The oclif manifest (written by `npm run build`) read with a plain JSON.parse: completion must
// know every command and flag without loading oclif or any command file.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {packageRoot} from '../paths.js';

export interface ManifestFlag {
  name: string;
  type: 'boolean' | 'option';
  char?: string;
  summary?: string;
  description?: string;
  options?: string[];
  /** `--flag <helpValue>` in help: also says what kind of value it takes (FILE, NS/POD, a|b|c=…) */
  helpValue?: string;
  multiple?: boolean;
  hidden?: boolean;
  allowNo?: boolean;
  aliases?: string[];
  charAliases?: string[];
  exclusive?: string[];
}

export interface ManifestArg {
  name: string;
  description?: string;
  options?: string[];
  required?: boolean;
}

export interface ManifestCommand {
  id: string;
  summary?: string;
  description?: string;
  hidden?: boolean;
  strict?: boolean;
  aliases?: string[];
  flags: Record<string, ManifestFlag>;
  args: Record<string, ManifestArg>;
}

export interface Manifest {
  version: string;
  commands: Record<string, ManifestCommand>;
}

/** What completion needs from package.json: the binary name and the topic descriptions. */
export interface CliInfo {
  bin: string;
  version: string;
  topics: Record<string, {description?: string}>;
  manifest: Manifest;
}

export function loadCliInfo(root = packageRoot()): CliInfo {
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as Manifest;
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    oclif?: {bin?: string; topics?: Record<string, {description?: string}>};
  };
  return {bin: pjson.oclif?.bin ?? 'axon', version: manifest.version, topics: pjson.oclif?.topics ?? {}, manifest};
}

/** First line of a help text, without tabs (the protocol's field separator). */
export function oneLine(text: string | undefined): string {
  if (!text) return '';
  return text.split('\n')[0].replace(/\s+/g, ' ').replace(/<%= config\.bin %>/g, 'axon').trim();
}
