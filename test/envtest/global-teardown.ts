/** Jest global teardown: stops the control plane global-setup started, and only that one. */
import * as fs from 'node:fs';
import { stopControlPlane } from './harness';
import { ENVTEST_ENV, suiteEnv } from './suite-env';

export default async function globalTeardown(): Promise<void> {
  const env = suiteEnv();
  if (env.dir) {
    await stopControlPlane(env.dir);
    fs.rmSync(env.dir, { recursive: true, force: true });
  }
  delete process.env[ENVTEST_ENV];
}
