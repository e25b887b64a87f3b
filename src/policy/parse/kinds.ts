// The three policy kinds axon understands, with the only apiVersion each is served under.
export const POLICY_KINDS = {
  CiliumNetworkPolicy: 'cilium.io/v2',
  CiliumClusterwideNetworkPolicy: 'cilium.io/v2',
  NetworkPolicy: 'networking.k8s.io/v1',
} as const;

export type PolicyKind = keyof typeof POLICY_KINDS;

export function isPolicyKind(kind: unknown): kind is PolicyKind {
  return typeof kind === 'string' && Object.hasOwn(POLICY_KINDS, kind);
}

/**
 * Documents that are meant to be policies even if kind or apiVersion is wrong
 * ("ciliumnetworkpolicy", "cilium.io/v1", "CiliumNetworkPolicies"): these are validated
 * (and fail), everything else is skipped.
 */
export function looksLikePolicy(kind: unknown, apiVersion: unknown): boolean {
  if (isPolicyKind(kind)) return true;
  const k = typeof kind === 'string' ? kind.toLowerCase() : '';
  if (k.includes('networkpolic')) return true;
  // No kind at all: not an object we could skip by name; validation reports the missing kind.
  return kind === undefined || kind === null || kind === '' || (typeof apiVersion === 'string' && apiVersion.startsWith('cilium.io/') && k.includes('policy'));
}

/** `List`, `CiliumNetworkPolicyList`, `NetworkPolicyList`, ... wrappers with `items`. */
export function isListKind(kind: unknown): boolean {
  return typeof kind === 'string' && (kind === 'List' || kind.endsWith('List'));
}
