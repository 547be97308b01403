#!/usr/bin/env bash
# The packed tarball installs in an empty folder; its bin and its TypeScript types work there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(ls "$root"/dist/pkg/js/*.tgz | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund "$tarball" cdk8s@2.70.106 constructs@10.8.1 typescript@5 @types/node@20 >/dev/null
npx vmprofile synth -f "$root/examples/web-server-01.yaml" | grep -q 'kind: VirtualMachine'
npx vmprofile version
# What the controller image runs (Dockerfile): the install manifests, and the Kubernetes client it loads.
npx vmprofile controller manifests | grep -q 'kind: Deployment'
# (bundled: it sits inside the package, as jsii packages carry their dependencies)
node -e "require(require.resolve('@kubernetes/client-node', { paths: [require.resolve('cdk8s-vmprofile')] })).KubeConfig" >/dev/null
cat > app.ts <<'TS'
import { App, Chart } from 'cdk8s';
import { VirtualMachineProfile } from 'cdk8s-vmprofile';
const app = new App();
const chart = new Chart(app, 'vms');
new VirtualMachineProfile(chart, 'web', {
  metadata: { name: 'web', namespace: 'prod' },
  spec: { cpu: 2, memory: '4Gi', disks: [{ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'quay.io/containerdisks/fedora:40' }] },
});
console.log(app.synthYaml().includes('web-vm') ? 'packed package OK' : 'MISSING VM');
TS
npx tsc --strict --esModuleInterop --module commonjs --target es2022 --skipLibCheck app.ts
out=$(node app.js)
echo "$out"
[ "$out" = 'packed package OK' ]
