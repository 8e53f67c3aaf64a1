// Used by scripts/test.mjs for the `cluster` suite: one API server for the whole suite run (every test file is its
// own process under node:test), started before the files and stopped after them. The files find it through
// ROLLOUT_PILOT_TEST_CLUSTER (the state directory). If it cannot start (e.g. the binary is not built), the files
// get ROLLOUT_PILOT_TEST_CLUSTER_ERROR instead and every test that needs the server fails with that message.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBinaries, startCluster, stopClusterDir } from './apiserver.mjs';

/** `npm test` on a fresh machine: build the API server first (once; cached), as .ci/run does. */
function ensureBinaries() {
  try {
    checkBinaries();
    return;
  } catch {
    if (process.env.KUBE_APISERVER_BIN) return; // a binary chosen by hand: its absence is the message to show
  }
  console.log('cluster suite: building kube-apiserver from Debian sources once (about 8 minutes; cached afterwards)');
  spawnSync('bash', ['scripts/build-kube-apiserver.sh'], { stdio: 'inherit' });
}

export async function setupSuite(env) {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-pilot-suite-'));
  const teardown = async () => {
    try {
      await stopClusterDir(dir);
    } catch {
      /* nothing was started */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  ensureBinaries();
  const t0 = Date.now();
  try {
    await startCluster({ dir, mode: 'background' });
    console.log(`kube-apiserver ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (state: ${dir})`);
    return { env: { ...env, ROLLOUT_PILOT_TEST_CLUSTER: dir }, teardown };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.log(`cluster suite: the API server did not start: ${message}`);
    return { env: { ...env, ROLLOUT_PILOT_TEST_CLUSTER_ERROR: message }, teardown };
  }
}
