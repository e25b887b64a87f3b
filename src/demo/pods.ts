// The demo's pods, from the seed write-up: two linux-tools clients (namespaces test and
// default), the python-app API serving /employees on port 5000, and kube-system's coredns.
export interface DemoPodSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** server started inside the pod's netns */
  server?: 'api' | 'dns';
}

export const DEMO_PODS: DemoPodSpec[] = [
  {namespace: 'kube-system', name: 'coredns', labels: {'k8s-app': 'kube-dns'}, server: 'dns'},
  {namespace: 'python-app', name: 'api', labels: {app: 'python-api-app-production'}, server: 'api'},
  {namespace: 'test', name: 'linux-tools', labels: {app: 'linux-tools'}},
  {namespace: 'default', name: 'linux-tools', labels: {app: 'linux-tools'}},
];

export const API_PORT = 5000;
export const DNS_PORT = 53;
export const API_SERVICE = 'python-api-app-production.python-app.svc.cluster.local';
export const DNS_SERVICE = 'kube-dns.kube-system.svc.cluster.local';

/** The seed's answer to GET /employees. */
export const EMPLOYEES = [
  {id: 1, name: 'Ashley'},
  {id: 2, name: 'Kate'},
  {id: 3, name: 'Joe'},
];
