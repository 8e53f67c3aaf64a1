// Used by scripts/test.mjs for the `e2e` suite: installs code-server and chromium once (cached), and packages the
// .vsix the tests install into it. A failure here is printed, and the tests then fail on the missing pieces.
import { spawnSync } from 'node:child_process';

export async function setupSuite(env) {
  for (const [what, cmd, args] of [
    ['code-server and chromium (installed once, cached)', 'bash', ['e2e/install-code-server.sh']],
    ['the .vsix', 'npm', ['run', '--silent', 'package']],
  ]) {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) console.log(`e2e suite: preparing ${what} failed (exit ${r.status})`);
  }
  return { env, teardown: async () => {} };
}
