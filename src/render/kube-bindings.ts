import type * as k8s from '../../imports/k8s';

/**
 * The Kubernetes core bindings (imports/k8s), loaded on first use: they are large, and only profiles with a
 * network-data Secret or a Service need one (loading them would slow every CLI run: docs/performance.md).
 */
export function kubeBindings(): typeof k8s {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../imports/k8s');
}
