// -o json | yaml | jsonpath=… as upstream's command.PrintOutput: the decoded model re-encoded
// (Go JSON: 2-space indent, <>& escaped), YAML of the same model, or a Kubernetes JSONPath.
import {UsageError} from '../../errors.js';
import {STATUS_KEYS, type StatusResponse} from '../types.js';
import {formatDateTime, goCompare, goEscape} from './go.js';
import {evalJsonPath} from './jsonpath.js';

export type OutputFormat = {kind: 'json'} | {kind: 'yaml'} | {kind: 'jsonpath'; template: string};

/** Parse the -o value: `json`, `yaml`, `jsonpath=<template>` (also `jsonpath='{…}'`). */
export function parseOutput(value: string): OutputFormat {
  if (value === 'json') return {kind: 'json'};
  if (value === 'yaml') return {kind: 'yaml'};
  const m = /^jsonpath=(.*)$/s.exec(value);
  if (m) {
    const template = m[1].replace(/^'(.*)'$/s, '$1');
    if (!template) throw new UsageError('jsonpath template is empty', {hint: `e.g. -o jsonpath='{.cilium.state}'`});
    return {kind: 'jsonpath', template};
  }
  throw new UsageError(`unknown output format "${value}"`, {hint: `use -o json, -o yaml or -o jsonpath='{.cilium.state}'`});
}

/** JSON as Go's json.MarshalIndent(v, "", "  "). */
export function goJson(v: unknown): string {
  return goEscape(JSON.stringify(v, null, 2) ?? 'null');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(goCompare)) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/**
 * A StatusResponse as the Go model re-encodes it: known keys only, fields in model order
 * (go-swagger's alphabetical JSON order; maps sorted too), DateTimes with milliseconds.
 */
export function statusModel(sr: StatusResponse): StatusResponse {
  const src = sr as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of STATUS_KEYS) if (k in src && src[k] !== undefined) out[k] = sortKeys(src[k]);
  const m = out as StatusResponse;
  for (const c of m.controllers ?? []) {
    const st = c.status;
    if (!st) continue;
    for (const key of ['last-failure-timestamp', 'last-success-timestamp'] as const) if (st[key] !== undefined) st[key] = formatDateTime(st[key]!);
  }
  if (m.stale) for (const p of Object.keys(m.stale)) m.stale[p] = formatDateTime(m.stale[p]);
  for (const c of m['cluster-mesh']?.clusters ?? []) if (c['last-failure']) c['last-failure'] = formatDateTime(c['last-failure']);
  return m;
}

export interface RenderOptions {
  /** `cilium-dbg status -o json` prints an extra empty line after the document. */
  trailingEmptyLine?: boolean;
}

/** Render a document for -o; returns the exact stdout text. yaml is loaded only when asked for. */
export async function renderOutput(format: OutputFormat, doc: unknown, o: RenderOptions = {}): Promise<string> {
  switch (format.kind) {
    case 'json':
      return goJson(doc) + '\n' + (o.trailingEmptyLine ? '\n' : '');
    case 'yaml': {
      const {stringify} = await import('yaml');
      return stringify(sortKeys(JSON.parse(JSON.stringify(doc ?? null))), {indentSeq: false, lineWidth: 0});
    }
    case 'jsonpath':
      return evalJsonPath(format.template, doc);
  }
}
