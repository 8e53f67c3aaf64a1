// Used by scripts/test.mjs for the `webview` suite: the page's tests need only Debian's chromium (not code-server),
// installed once from the apt archive when it is missing. A failure here is printed; the tests then fail on it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export async function setupSuite(env) {
  if (!existsSync('/usr/bin/chromium')) {
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env: aptEnv });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env: aptEnv });
    if (r.status !== 0) console.log(`webview suite: installing chromium failed (exit ${r.status}); run as root, or install it by hand`);
  }
  return { env, teardown: async () => {} };
}
