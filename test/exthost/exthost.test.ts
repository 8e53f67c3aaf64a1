// The `exthost` suite: the mocha files of test/exthost/suite inside a real extension host (code-server 4.100.3
// through e2e/code-shim.mjs, or desktop VS Code with `npm run test:vscode`), against a real API server: see run.ts.
// Each mocha result is reported here as a test of its own, so the suite ends with the usual `N passed, N failed` line.
import { describe } from 'node:test';
import { report, runInExtensionHost } from './run';

const where = process.env.ROLLOUT_PILOT_EXTHOST_VSCODE === 'desktop' ? 'desktop VS Code' : 'code-server 4.100.3';

describe(`inside the extension host of ${where} (mocha, run by @vscode/test-electron)`, async () => {
  report(await runInExtensionHost());
});
