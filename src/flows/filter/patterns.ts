// FQDN and node-name patterns as Hubble's server reads them: trimmed, lower-cased, one trailing
// dot dropped, `*` = any run of [-.0-9a-z], whole-name match. Node names are `cluster/node`.
const FQDN_CHARS = '(?:[-0-9_a-z]+(?:\\.[-0-9_a-z]+)*)';

function fqdnPatternSource(pattern: string): string {
  const p = pattern.trim().replace(/\.$/, '').toLowerCase();
  if (p === '') throw new Error('empty pattern');
  if (p.endsWith('.')) throw new Error('multiple trailing dots in pattern');
  let out = '';
  for (const ch of p) {
    if (ch === '.') out += '\\.';
    else if (ch === '*') out += '[-.0-9a-z]*';
    else if (/[-0-9_a-z]/.test(ch)) out += ch;
    else throw new Error(`'${ch}': invalid rune in pattern`);
  }
  return out;
}

function nodePatternSource(pattern: string): string {
  if (pattern === '') throw new Error('empty pattern');
  const parts = pattern.split('/');
  if (parts.length > 2) throw new Error('too many slashes in pattern');
  const [cluster, node] = parts.length === 1 ? ['', parts[0]] : parts;
  const c = cluster === '' ? FQDN_CHARS : fqdnPatternSource(cluster);
  const n = node === '' ? FQDN_CHARS : fqdnPatternSource(node);
  return `${c}/${n}`;
}

export function compileFqdnPatterns(patterns: readonly string[]): RegExp {
  return new RegExp(`^(?:${patterns.map(fqdnPatternSource).join('|')})$`);
}

export function compileNodeNamePatterns(patterns: readonly string[]): RegExp {
  return new RegExp(`^(?:${patterns.map(nodePatternSource).join('|')})$`);
}
