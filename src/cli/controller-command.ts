import { App, Chart } from 'cdk8s';
import { CliIo, parseArgs, UsageError } from './io';
import { VirtualMachineProfileController } from '../constructs/virtual-machine-profile-controller';
import { ProfileController } from '../controller/profile-controller';
import { synthApp, toYamlStream } from '../synth/synth';

const HELP = `Run the VirtualMachineProfile controller, or print what installs it in a cluster.

The controller renders every VirtualMachineProfile with the same code as 'vmprofile synth', applies the objects with
server-side apply (field manager vmprofile-controller) and writes the profile's status. Out of cluster it uses the
kubeconfig ($KUBECONFIG, ~/.kube/config, or --kubeconfig); in a pod, its service account.

Examples:
  # Run against the current kubeconfig context, every namespace
  vmprofile controller

  # Only the profiles of one namespace
  vmprofile controller --namespace prod

  # Install it in the cluster (Namespace, ServiceAccount, RBAC, Deployment, CRD)
  vmprofile controller manifests | kubectl apply -f -

Options:
    --kubeconfig='':
\tPath to the kubeconfig file.
    -n, --namespace='':
\tManage the profiles of this namespace only.
    --lease-namespace='':
\tNamespace of the leader-election Lease (default: --namespace, the context's namespace, or default).
    --health-port=8080:
\tPort of /healthz, /readyz and /metrics (0: any free port, -1: none).
    --workers=16:
\tProfiles reconciled at once.
    --resync-seconds=600:
\tReconcile every profile again after this many seconds (0: never).

Usage:
  vmprofile controller [options]
  vmprofile controller manifests [--namespace NS] [--image IMAGE] [--replicas N] [--watch-namespace NS] [--no-crd] [-o yaml|json]
`;

const MANIFESTS_HELP = `Print the objects that run the controller in a cluster: Namespace, ServiceAccount, a least-privilege
ClusterRole and binding, a Role and binding for the leader-election Lease, the Deployment, and the CRD.

Options:
    -n, --namespace='vmprofile-system':
\tNamespace the controller runs in.
    --image='ghcr.io/cdk8s-vmprofile/vmprofile-controller:latest':
\tThe controller image.
    --replicas=2:
\tReplicas (one leads).
    --watch-namespace='':
\tManage the profiles of this namespace only.
    --no-crd=false:
\tLeave the CRD out.
    -o, --output='yaml':
\tOutput format. One of: (yaml, json).

Usage:
  vmprofile controller manifests [options]
`;

/** `vmprofile controller [manifests]`. */
export async function runController(argv: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  if (argv[0] === 'manifests') return printManifests(argv.slice(1), io);
  const args = parseArgs(argv, {
    'kubeconfig': true, 'namespace': true, 'lease-namespace': true, 'health-port': true, 'workers': true, 'resync-seconds': true, 'help': false,
  }, { n: 'namespace', h: 'help' });
  if (args.flags.has('help')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positional.length > 0) throw new UsageError(`unknown command "${args.positional[0]}" for "vmprofile controller"`);
  const flag = (name: string) => args.flags.get(name)?.at(-1);
  const controller = await ProfileController.start({
    kubeconfig: flag('kubeconfig'),
    namespace: flag('namespace'),
    leaseNamespace: flag('lease-namespace'),
    healthPort: integer(flag('health-port'), 'health-port', -1, 65535),
    workers: integer(flag('workers'), 'workers', 1, 64),
    resyncSeconds: integer(flag('resync-seconds'), 'resync-seconds', 0, 86_400),
    log: (line) => io.stderr(`${new Date().toISOString()} ${line}\n`),
  });
  io.stderr(`vmprofile controller: health on port ${controller.healthPort ?? '(none)'}\n`);
  // Runs until SIGTERM/SIGINT (a pod's stop), or until it loses the lease: then the process exits and restarts.
  const code = await new Promise<number>((resolve) => {
    const stop = () => void controller.stop().then(() => resolve(0));
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
    void controller.done.then(() => resolve(controller.lostLease ? 1 : 0));
  });
  return code;
}

function printManifests(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, {
    'namespace': true, 'image': true, 'replicas': true, 'watch-namespace': true, 'no-crd': false, 'output': true, 'help': false,
  }, { n: 'namespace', o: 'output', h: 'help' });
  if (args.flags.has('help')) {
    io.stdout(MANIFESTS_HELP);
    return 0;
  }
  if (args.positional.length > 0) throw new UsageError(`unexpected argument: ${args.positional[0]}`);
  const flag = (name: string) => args.flags.get(name)?.at(-1);
  const output = flag('output') ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') {
    throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
  }
  const app = new App();
  new VirtualMachineProfileController(new Chart(app, 'controller'), 'Controller', {
    namespace: flag('namespace'),
    image: flag('image'),
    replicas: integer(flag('replicas'), 'replicas', 1, 100),
    watchNamespace: flag('watch-namespace'),
    installCrd: flag('no-crd') !== 'true',
  });
  const objects = synthApp(app);
  io.stdout(output === 'json' ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n` : toYamlStream(objects));
  return 0;
}

function integer(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`invalid argument "${value}" for "--${flag}" flag: must be an integer between ${min} and ${max}`);
  }
  return n;
}
