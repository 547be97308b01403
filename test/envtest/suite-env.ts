/** How jest's global setup tells the suites which cluster to use. */
export const ENVTEST_ENV = 'VMPROFILE_ENVTEST';

export interface SuiteEnv {
  /** Why the suite is skipped, when it is. */
  readonly skip?: string;
  readonly kubeconfig?: string;
  /** The folder of a control plane global setup started (absent for a user's cluster). */
  readonly dir?: string;
  /** A user's cluster: check with server-side dry-run, create nothing. */
  readonly dryRun?: boolean;
}

export function suiteEnv(): SuiteEnv {
  const raw = process.env[ENVTEST_ENV];
  return raw ? JSON.parse(raw) : { skip: `${ENVTEST_ENV} not set: run through jest's global setup (npm test)` };
}
