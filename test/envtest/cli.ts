/**
 * `npx projen envtest build | start DIR | stop DIR`: the test control plane by hand (the jest suite uses the same code).
 */
import { buildBinaries, startControlPlane, stopControlPlane } from './harness';

async function main(argv: string[]): Promise<number> {
  const [command, dir] = argv;
  if (command === 'build' && !dir) {
    for (const [name, file] of Object.entries(buildBinaries())) process.stdout.write(`${name}: ${file}\n`);
    return 0;
  }
  if (command === 'start' && dir) {
    const cp = await startControlPlane(dir);
    process.stdout.write(`envtest: kube-apiserver ready at ${cp.server} in ${(cp.apiServerMs / 1000).toFixed(1)} s, admission webhooks `
      + `registered in ${((cp.startMs - cp.apiServerMs) / 1000).toFixed(1)} s\n`
      + `export KUBECONFIG=${cp.kubeconfig}\n`);
    return 0;
  }
  if (command === 'stop' && dir) {
    await stopControlPlane(dir);
    process.stdout.write(`envtest: stopped and removed ${dir}\n`);
    return 0;
  }
  process.stderr.write('usage: npx projen envtest build | start DIR | stop DIR\n');
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
