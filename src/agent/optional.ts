// Modules of other areas that the agent plugs in when they are part of the build (the datapath,
// the Hubble server, the policy store): imported by computed path so the agent builds and runs
// without them, and a missing module is reported once in the log instead of failing the start.
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export async function importOptional<T>(relPath: string): Promise<T | undefined> {
  const url = new URL(relPath, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return undefined;
  return (await import(url.href)) as T;
}
