// The `exthost` suite: the mocha files of test/exthost/suite inside a real extension host (code-server 4.100.3
// through e2e/code-shim.mjs, or desktop VS Code with `npm run test:vscode`), against a real API server: see run.ts.
// Each mocha result is reported here as a test of its own, so the suite ends with the usual `N passed, N failed` line.
import { describe } from 'node:test';
import { report, runInExtensionHost } from './run';

const desktop = process.env.ROLLOUT_PILOT_EXTHOST_VSCODE === 'desktop';

describe(`inside the extension host of ${desktop ? 'desktop VS Code' : 'code-server 4.100.3'} (mocha, run by @vscode/test-electron)`, async () => {
  // e2e/install-code-server.sh installs code-server 4.100.3 = VS Code 1.100.3
  const asked = process.env.ROLLOUT_PILOT_EXTHOST_VERSION;
  const version = desktop ? (asked && asked !== 'stable' && asked !== 'insiders' ? asked : undefined) : '1.100.3';
  report(await runInExtensionHost(version ? { vscodeVersion: version } : {}));
});
