// Lints of HTTP rules: the traps of full-match RE2 header matching (section 6.1).
import {arr, obj, quote, str, type Obj, type Path} from '../validate/report.js';
import type {Validated} from '../validate/index.js';
import type {Lints} from './context.js';

const META = /[.[\]()*+?{}|^$\\]/;
export const REGEX_SIZE_LIMIT = 100;

export function lintHttpRule(h: Obj, path: Path, v: Validated, l: Lints): void {
  const path_ = str(h.path);
  const method = str(h.method);
  const host = str(h.host);
  if (path_) {
    if (/^\^?[A-Za-z0-9_-]/.test(path_)) l.emit(v, [...path, 'path'], 'http-path-no-leading-slash', `HTTP path ${quote(path_)} does not start with "/": :path always does, so this rule never matches`, `write "/${path_.replace(/^\^/, '')}"`);
    if (!META.test(path_)) {
      l.emit(v, [...path, 'path'], 'http-path-exact', `HTTP path ${quote(path_)} is a full match: ${path_.replace(/\/$/, '')}/1 and ${path_}?x=1 are denied`, `to allow sub-paths and query strings write "${path_.replace(/\/$/, '')}(/.*)?(\\?.*)?" or "${path_}.*"`);
    }
  }
  if (method && /[a-z]/.test(method) && !method.includes('(?i)')) l.emit(v, [...path, 'method'], 'http-method-case', `HTTP method ${quote(method)} has lower-case letters: methods arrive upper-case and never match`, `write "${method.toUpperCase()}" (or prefix (?i))`);
  for (const [f, val] of [['path', path_], ['method', method], ['host', host]] as const) {
    if (val && val.length > REGEX_SIZE_LIMIT) {
      l.emit(v, [...path, f], 'http-regex-program-size', `HTTP ${f} regex is ${val.length} characters: above Envoy's RE2 program size limit (100) the whole policy update is rejected at runtime`, 'shorten it, or split the alternation into several HTTP rules');
    }
    if (val && (val.startsWith('^') || val.endsWith('$'))) l.emit(v, [...path, f], 'http-regex-anchor', `^ and $ in HTTP ${f} ${quote(val)} are redundant: the whole value must match anyway`);
  }
  if (host) {
    if (/(^|[^\\])\./.test(host)) l.emit(v, [...path, 'host'], 'http-host-unescaped-dot', `unescaped "." in host ${quote(host)} matches any character`, `write ${quote(host.replace(/(^|[^\\])\./g, '$1\\.'))}`);
    if (!host.includes(':')) l.emit(v, [...path, 'host'], 'http-host-port', `host ${quote(host)} does not allow a ":port" suffix, which clients add for non-default ports`, `write "${host}(:[0-9]+)?" if clients connect on a non-default port`);
  }
  arr(h.headers).forEach((hd, i) => {
    if (typeof hd === 'string' && /:[^ ]/.test(hd) && !/:$/.test(hd)) {
      l.emit(v, [...path, 'headers', i], 'http-header-format', `header ${quote(hd)} has no space after ":": it is taken as a header name that must be present`, `write ${quote(hd.replace(/:(?=[^ ])/, ': '))} to require that value`);
    }
  });
}

export function httpRules(rules: Obj | undefined): Obj[] {
  return arr(rules?.http).flatMap((h) => (obj(h) ? [obj(h) as Obj] : []));
}
