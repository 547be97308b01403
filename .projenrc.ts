import { cdk, JsonFile, javascript, typescript } from 'projen';

// Where the upstream schemas live (see ../shared/schemas/README.md). Only the `import` task reads them.
const SCHEMAS = '../shared/schemas';
const CDK8S_CLI_VERSION = '2.207.60';

const project = new typescript.TypeScriptProject({
  name: 'cdk8s-vmprofile',
  packageName: 'cdk8s-vmprofile',
  description: 'cdk8s constructs and a CLI that turn one VirtualMachineProfile into every object a KubeVirt VM needs',
  license: 'Apache-2.0',
  copyrightOwner: 'cdk8s-vmprofile authors',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  // Offline machine: nothing that needs a git remote or GitHub.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  repository: 'https://github.com/cdk8s-vmprofile/cdk8s-vmprofile.git',
  authorName: 'cdk8s-vmprofile authors',
  authorOrganization: true,

  // Compiled by jsii (below) into packages for npm, PyPI, Maven and the Go module proxy.
  srcdir: 'src',
  libdir: 'dist',
  artifactsDirectory: 'dist/pkg',
  entrypoint: 'dist/src/index.js',
  entrypointTypes: 'dist/src/index.d.ts',
  bin: { vmprofile: 'bin/vmprofile' },
  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      outDir: 'dist',
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
    },
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  tsconfigDev: {
    compilerOptions: { rootDir: '..', lib: ['es2022'], target: 'ES2022', skipLibCheck: true },
    include: ['../src/**/*.ts', '../imports/**/*.ts', '../examples/**/*.ts', '../tools/**/*.ts'],
  },

  peerDeps: ['cdk8s@^2.70.106', 'constructs@^10.8.1'],
  // client-node 1.4 (not 2.x): 2.x needs undici 8, which does not load on Node 20 (docs/controller.md).
  // Bundled: a jsii package may depend only on jsii packages (cdk8s, constructs) and what it carries inside.
  bundledDeps: ['yaml@^2.8.0', 'js-yaml@^4.1.0', '@kubernetes/client-node@^1.4.0'],
  devDeps: [
    `cdk8s-cli@${CDK8S_CLI_VERSION}`,
    'cdk8s@2.70.106',
    'constructs@10.8.1',
    '@types/js-yaml@^4',
    '@swc/core',
    '@swc/jest',
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    'fast-check@^4',
    '@marcbachmann/cel-js@^8',
    'mermaid@^11',
    'playwright-core@^1.50',
    'typedoc@^0.28',
    'jsii-docgen@^10.11',
    'typedoc-plugin-markdown@^4',
  ],

  jest: true,
  jestOptions: {
    configFilePath: 'jest.config.json',
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      collectCoverage: false,
      maxWorkers: 2,
    },
    // `npm test` never rewrites a snapshot: a difference fails (`npx projen test:update` rewrites them on purpose).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
  },
  eslint: true,
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'tools'],
    ignorePatterns: ['imports/', 'dist/', 'node_modules/', '*.d.ts'],
    // `npm test` reports lint errors instead of rewriting the sources.
    commandOptions: { fix: false },
  },
});

// jsii: the same compile (tsconfig.json) plus the .jsii assembly; `npx projen package-all` writes the npm, Python,
// Java and Go packages into dist/pkg/{js,python,java,go}. .NET is left out: the machines have no .NET SDK.
project.with(new cdk.JsiiBuild({
  jsiiVersion: '~6.0.16',
  docgen: false,
  // "strict" also wants stripInternal off; the library's tsconfig is checked by tsc's own strict flags.
  validateTsconfig: cdk.ValidateTsconfig.MINIMAL,
  publishToPypi: { distName: 'cdk8s-vmprofile', module: 'cdk8s_vmprofile' },
  publishToMaven: { javaPackage: 'io.github.cdk8svmprofile', mavenGroupId: 'io.github.cdk8s-vmprofile', mavenArtifactId: 'cdk8s-vmprofile' },
  publishToGo: { moduleName: 'github.com/cdk8s-vmprofile/cdk8s-vmprofile-go' },
}));
// JsiiBuild points `types` at dist/index.d.ts; the sources sit under dist/src (rootDir ".", for imports/).
project.package.addField('types', 'dist/src/index.d.ts');
// cdk8s 2.70.106 is on npm and PyPI but not on Maven Central or the Go module proxy: package it from node_modules
// beside ours, so the Java and Go packages run the cdk8s version the library is built against. Maven's repository
// is shared with the Java example (tools/languages.sh), so it always sees the artifacts just built.
// (The directories come first: `--target` takes every word after it. projen runs a step without a shell: bash
// expands the default.)
project.tasks.tryFind('package:java')?.reset('bash -c \'exec jsii-pacmak . ./node_modules/cdk8s -v -o dist/pkg --target java ' +
  '--maven-local-repository="${VMPROFILE_M2:-$HOME/.cache/cdk8s-vmprofile/m2}"\'');
project.tasks.tryFind('package:go')?.reset('jsii-pacmak . ./node_modules/cdk8s -v -o dist/pkg --target go');
project.addTask('test:languages', {
  description: 'Build the Python, Java and Go packages and run each language\'s example app: byte-identical YAML to the TypeScript construct path',
  exec: 'bash tools/languages.sh',
});
project.gitignore.addPatterns('/examples/java/target/', '/examples/python/.venv/');

// jsii-pacmak and the jsii runtimes print a Node 20 end-of-life banner on every run; the build works on 20.
for (const name of ['compile', 'package-all', 'package:js', 'package:python', 'package:java', 'package:go']) {
  project.tasks.tryFind(name)?.env('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
}

// Node 20 gives each object literal that starts with a spread a hidden class of its own (src/render/object-merge.ts).
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-syntax': ['error', {
      selector: 'ObjectExpression > SpreadElement:first-child',
      message: 'A leading spread gives every object its own hidden class in Node 20: use merged() from object-merge.ts.',
    }],
  },
});

// jest runs through swc (5x faster than ts-jest here); type-check the tests separately.
project.deps.removeDependency('ts-jest');
// Two jest projects: `unit` gives feedback in seconds (`npx projen test:fast`); `slow` holds the suites that start
// servers, subprocesses or a browser, or run thousands of property cases. `npm test` (and CI) runs both.
const SLOW_SUITES = [
  'apiserver', 'admission', 'property', 'construct-parity', 'profile-controller', 'controller-command',
  'examples-typescript', 'examples-spec-typescript', 'examples-workloads-typescript', 'graph-render', 'manifest-yaml', 'cli',
];
const jestProject = {
  transform: {
    '^.+\\.ts$': '@swc/jest',
    // @kubernetes/client-node and the packages it loads are ES modules, which jest's CommonJS runtime cannot require.
    '^.+\\.m?js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@kubernetes/client-node|openid-client|jose|oauth4webapi|jsonpath-plus|rfc4648)/)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
// (The top-level transform is unused with projects; set so nothing names ts-jest, which is not installed.)
project.jest!.config.transform = jestProject.transform;
project.jest!.config.projects = [
  {
    displayName: 'unit',
    ...jestProject,
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    testPathIgnorePatterns: [...jestProject.testPathIgnorePatterns, ...SLOW_SUITES.map((s) => `/test/${s}\\.test\\.ts$`)],
  },
  { displayName: 'slow', ...jestProject, testMatch: SLOW_SUITES.map((s) => `<rootDir>/test/${s}.test.ts`) },
];
// A real kube-apiserver + etcd for test/apiserver.test.ts (test/envtest), started once and always stopped.
project.jest!.config.globalSetup = '<rootDir>/test/envtest/global-setup.ts';
project.jest!.config.globalTeardown = '<rootDir>/test/envtest/global-teardown.ts';

// `npx projen envtest build | start DIR | stop DIR`: the test control plane by hand, built from envtest/ (Go).
project.addTask('envtest', {
  description: 'Build (once per version, into ~/.cache) and start or stop kube-apiserver, etcd and the KubeVirt and CDI admission webhooks: envtest build | start DIR | stop DIR',
}).exec('ts-node --transpile-only test/envtest/cli.ts', { receiveArgs: true });
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');

// Regenerate the typed bindings offline, following ../shared/schemas/README.md.
const importTask = project.addTask('import', {
  description: `Regenerate imports/ from ${SCHEMAS} (cdk8s-cli ${CDK8S_CLI_VERSION}, offline)`,
  env: { CDK8S_CHECK_UPGRADE: 'false' },
});
importTask.exec('rm -rf imports && mkdir -p imports');
for (const [name, crd] of [
  ['kubevirt-vm', 'kubevirt.io_virtualmachines.yaml'],
  ['cdi', 'cdi.kubevirt.io_datavolumes.yaml'],
  ['nad', 'k8s.cni.cncf.io_network-attachment-definitions.yaml'],
  ['nmstate', 'nmstate.io_nodenetworkconfigurationpolicies.yaml'],
  ['sriov', 'sriovnetwork.openshift.io_sriovnetworks.yaml'],
]) {
  importTask.exec(`cdk8s import ${name}:=${SCHEMAS}/crds/${crd} -l typescript -o imports --no-save --check-upgrade=false`);
}
importTask.exec(
  'cdk8s import k8s@1.36.0 -l typescript -o imports --no-save --check-upgrade=false',
  { env: { CDK8S_K8S_SCHEMA_DIR: `${SCHEMAS}/k8s`, NODE_OPTIONS: `--require ${SCHEMAS}/../tools/cdk8s-offline-k8s.cjs` } },
);
// Two rewrites of cdk8s-cli's generated code, same output: converters built field by field, no leading GVK spreads.
importTask.exec('ts-node --transpile-only tools/tune-imports.ts imports');

const docs = project.addTask('docs', { description: 'Rewrite the generated blocks of the docs pages, API.md, docs/api/{python,java,go}.md and examples/controller/install.yaml' });
docs.exec('ts-node --transpile-only tools/docs.ts');
docs.exec('typedoc --plugin typedoc-plugin-markdown --entryPoints src/index.ts --tsconfig tsconfig.json --out dist/api-md --router module --readme none --disableSources --hidePageHeader --hideBreadcrumbs --excludePrivate --excludeInternal');
docs.exec('cp dist/api-md/README.md API.md');
// The API reference of each jsii language, from the .jsii assembly (so the docs task compiles first).
docs.prependSpawn(project.compileTask);
for (const language of ['python', 'java', 'go']) {
  docs.exec(`jsii-docgen --language ${language} --output docs/api/${language}.md`, { env: { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' } });
}
project.addTask('test:fast', {
  description: 'The unit jest project only (no API server, subprocesses, browser or large property runs)',
  exec: 'jest --ci --passWithNoTests --selectProjects unit',
  env: { VMPROFILE_ENVTEST_OFF: '1' },
});
project.addTask('fuzz', { description: 'Fuzz the pipeline: 100,000 random profiles through synthProfiles', exec: 'ts-node --transpile-only tools/fuzz.ts', receiveArgs: true });
project.addTask('bench', { description: 'Fleet-scale synthesis figures (prints them)', exec: 'ts-node --transpile-only tools/bench/bench.ts' }).prependSpawn(project.compileTask);
project.addTask('bench:controller', {
  description: 'The controller against a real API server at 1,000 and 5,000 profiles (prints the figures)',
  exec: 'ts-node --transpile-only tools/bench/controller-bench.ts',
}).prependSpawn(project.compileTask);

// The build tools (docs, fuzz, bench, tune-imports) type-check and lint like the tests.
new JsonFile(project, 'tools/tsconfig.json', { obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] } });

project.gitattributes.addAttributes('/imports/**', 'linguist-generated');
project.gitattributes.addAttributes('/API.md', 'linguist-generated');
project.gitattributes.addAttributes('/docs/api/**', 'linguist-generated');
// The TypeScript examples import ../../src, which the package does not ship; the YAML examples stay.
// jsii-pacmak adds 'dist/pkg' itself unless the line is there.
project.npmignore?.addPatterns('dist/pkg', '/test/', '/.ci/', '/imports/', 'cdk8s.out/', '/dist/tsconfig.tsbuildinfo',
  '/examples/typescript/', '/examples/spec-typescript/', '/dist/api-md/');
project.gitignore.addPatterns('/out/', 'cdk8s.out/');

project.synth();
