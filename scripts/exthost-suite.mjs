// Used by scripts/test.mjs for the `exthost` suite: code-server 4.100.3 and chromium are installed once (cached, by
// e2e/install-code-server.sh, as for the e2e suite). The extension itself is loaded from the repository
// (dist/, built by scripts/test.mjs), not from a .vsix. A failure here is printed; the run then fails on what is missing.
import { spawnSync } from 'node:child_process';

export async function setupSuite(env) {
  const r = spawnSync('bash', ['e2e/install-code-server.sh'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) console.log(`exthost suite: installing code-server and chromium failed (exit ${r.status})`);
  return { env, teardown: async () => {} };
}
