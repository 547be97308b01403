/**
 * Jest global setup: a control plane for the suites that need one (test/apiserver.test.ts), or the cluster given
 * by VMPROFILE_TEST_KUBECONFIG (then checked with server-side dry-run and nothing is created or started).
 * With CI=true a control plane that cannot start fails the run; elsewhere a machine without Go skips, loudly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goAvailable, startControlPlane } from './harness';
import { ENVTEST_ENV } from './suite-env';

export default async function globalSetup(): Promise<void> {
  if (process.env.VMPROFILE_TEST_KUBECONFIG) {
    process.env[ENVTEST_ENV] = JSON.stringify({ kubeconfig: path.resolve(process.env.VMPROFILE_TEST_KUBECONFIG), dryRun: true });
    return;
  }
  if (process.env.VMPROFILE_ENVTEST_OFF) {
    // `npx projen test:fast`: the suites that need a server are not selected.
    process.env[ENVTEST_ENV] = JSON.stringify({ skip: 'VMPROFILE_ENVTEST_OFF is set (npx projen test:fast)' });
    return;
  }
  const ci = process.env.CI === 'true';
  if (!goAvailable() && !ci) {
    process.stderr.write('\n*** envtest: Go not found: the real-API-server suite is SKIPPED (install Go 1.26, or run with CI=true to fail) ***\n');
    process.env[ENVTEST_ENV] = JSON.stringify({ skip: 'Go not found' });
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-envtest-'));
  const cp = await startControlPlane(dir);
  process.stderr.write(`\nenvtest: kube-apiserver ready at ${cp.server} in ${(cp.apiServerMs / 1000).toFixed(1)} s, KubeVirt's and CDI's `
    + `admission webhooks registered ${((cp.startMs - cp.apiServerMs) / 1000).toFixed(1)} s later (state in ${dir})\n`);
  process.env[ENVTEST_ENV] = JSON.stringify({ kubeconfig: cp.kubeconfig, dir, dryRun: false });
}
