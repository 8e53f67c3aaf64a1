// `npm test -- exthost-matrix`: the extension-host suite (test/exthost/suite) on the oldest code-server that
// satisfies engines.vscode and on the newest one (scripts/exthost-matrix.mjs says which and installs them), each
// through e2e/code-shim.mjs against its own fresh API server, one after the other. A release that is not installed
// fails with the reason. ROLLOUT_PILOT_EXTHOST_MATRIX=floor (or newest) runs only that one.
import { describe } from 'node:test';
import { existsSync } from 'node:fs';
import { MATRIX, shimEnv, type Release } from '../../../scripts/exthost-matrix.mjs';
import { report, runInExtensionHost, type Run } from '../run';

const only = (process.env.ROLLOUT_PILOT_EXTHOST_MATRIX ?? '').split(',').filter(Boolean);

async function runOn(release: Release): Promise<Run> {
  const env = shimEnv(release);
  if (!existsSync(env.CODE_SERVER)) return { results: [], error: new Error(`${env.CODE_SERVER} is missing: run node scripts/exthost-matrix.mjs`) };
  return runInExtensionHost({ shimEnv: env, vscodeVersion: release.vscode });
}

describe('the exthost suite on the version matrix', async () => {
  // sequentially: each run has its own API server, code-server and chromium
  const runs: Array<[Release, Run]> = [];
  for (const release of MATRIX.filter((r) => only.length === 0 || only.includes(r.name))) runs.push([release, await runOn(release)]);
  for (const [release, run] of runs) {
    describe(`inside the extension host of code-server ${release.codeServer} (VS Code ${release.vscode}${release.node ? `, Node ${release.node}` : ''})`, () => report(run));
  }
});
