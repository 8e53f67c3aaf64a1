// `npm run test:vscode`: the `exthost` suite (test/exthost) against desktop VS Code, which @vscode/test-electron
// downloads (ROLLOUT_PILOT_EXTHOST_VERSION: a version such as 1.93.1, or stable, the default) instead of code-server
// through e2e/code-shim.mjs. Needs internet for that download, and a display (on a headless Linux machine run it under
// `xvfb-run -a`); the API server, the seed and the workspace are the same as `npm test -- exthost`.
import { spawnSync } from 'node:child_process';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./test/support/summary-reporter.mjs', '--test-reporter-destination=stdout',
    'test/exthost/exthost.test.ts'],
  { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', ROLLOUT_PILOT_EXTHOST_VSCODE: 'desktop' } },
);
process.exit(r.status ?? 1);
