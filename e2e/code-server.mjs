// One way to run the real VS Code (code-server 4.100.3) for `npm start` and the e2e tests: the .vsix installed into a
// private extensions dir, user settings that keep the welcome pages, tips, telemetry and update checks out of the
// way, XDG dirs kept out of $HOME, bound to 127.0.0.1 only. e2e/install-code-server.sh installs it into E2E_DIR.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/net.mjs';

export const E2E_DIR = process.env.E2E_DIR || join(homedir(), '.cache', 'rollout-pilot', 'e2e');
export const CODE_SERVER = join(E2E_DIR, 'cs', 'node_modules', '.bin', 'code-server');

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
};

/**
 * Installs `vsix` (when given) and starts code-server on `folder` at 127.0.0.1:`port` (a free one by default), with
 * its state under `home`; resolves once /healthz answers. `stop()` ends its whole process group. `executable`,
 * `extraArgs` and `env` are for another code-server release (e2e/code-shim.mjs).
 */
export async function startCodeServer({ vsix, folder, home, port, settings = {}, stdio = 'pipe', executable = CODE_SERVER, extraArgs = [], env: extraEnv = {} }) {
  port ??= await freePort();
  mkdirSync(join(home, 'ud', 'User'), { recursive: true });
  writeFileSync(join(home, 'ud', 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const env = {
    ...process.env,
    ...extraEnv,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
  };
  const dirs = ['--user-data-dir', join(home, 'ud'), '--extensions-dir', join(home, 'ext')];
  const inst = vsix ? spawnSync(executable, [...dirs, '--install-extension', vsix, '--force'], { env, encoding: 'utf8', timeout: 120000 }) : { status: 0 };
  if (inst.status !== 0) throw new Error(`installing ${vsix} into code-server failed: ${inst.error?.message ?? ''}${inst.stdout ?? ''}${inst.stderr ?? ''}`);

  let log = '';
  const server = spawn(
    executable,
    [...dirs, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--bind-addr', `127.0.0.1:${port}`, ...extraArgs, folder],
    { env, detached: true, stdio: stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'inherit'] },
  );
  server.stdout?.on('data', (d) => (log += d.toString()));
  server.stderr?.on('data', (d) => (log += d.toString()));
  server.on('error', (e) => (log += `\n${e.message}`));
  const stop = () => {
    try {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until || server.exitCode !== null) {
      stop();
      throw new Error(`code-server (${executable}) did not answer on ${base}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url: `${base}/?folder=${encodeURIComponent(folder)}`, base, log: () => log, stop };
}
