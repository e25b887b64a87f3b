// Terminal safety for strings that came from the wire (pod names, URLs, summaries): ESC becomes
// the two characters `^[` and a carriage return the two characters `\r`, as Hubble's escaper
// does. Applied before colouring, so colour sequences inside flow data are never let through.
const UNSAFE = /[\x1b\r]/;

export function escapeTerminal(s: string): string {
  if (!UNSAFE.test(s)) return s;
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
}
