// Entry of the axon-cni binary: CNI_* env + config on stdin in, result or error JSON on stdout,
// exit status 0 on success and 1 on error (CNI spec 1.0, "Section 2: Execution Protocol").
import {parseConfig, parseInvocation} from './config.js';
import {CniCode, CniError} from './errors.js';
import {cmdAdd, cmdCheck, cmdDel, cmdVersion} from './plugin.js';

export interface CniIo {
  env: NodeJS.ProcessEnv;
  stdin: string;
  write(s: string): void;
}

export async function main(io: CniIo): Promise<number> {
  let version = '1.0.0';
  try {
    const inv = parseInvocation(io.env);
    if (inv.command === 'VERSION') {
      io.write(JSON.stringify(cmdVersion(io.stdin)) + '\n');
      return 0;
    }
    const conf = parseConfig(io.stdin);
    version = conf.cniVersion;
    if (inv.command === 'ADD') io.write(JSON.stringify(await cmdAdd(conf, inv)) + '\n');
    else if (inv.command === 'DEL') await cmdDel(conf, inv);
    else await cmdCheck(conf, inv);
    return 0;
  } catch (e) {
    const err = e instanceof CniError ? e : new CniError(CniCode.INTERNAL, (e as Error).message);
    io.write(JSON.stringify(err.toResult(version)) + '\n');
    return 1;
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
