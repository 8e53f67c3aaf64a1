// The extension-host side of the `exthost` suite, as the VS Code docs write it: `run()` is what VS Code calls (through
// `--extensionTestsPath`) inside the extension host once the extension under development is loaded; it runs the mocha
// files next to it, in name order, and resolves only when all passed. Each result also goes, as JSON, to the file
// named by ROLLOUT_PILOT_EXTHOST_RESULTS, so the runner outside (test/exthost/exthost.test.ts) reports them one by one.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface ExthostResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120000, reporter: 'spec', grep: process.env.ROLLOUT_PILOT_EXTHOST_GREP || undefined });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, f));
  const results: ExthostResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = results.filter((r) => r.state === 'passed').length;
      const failed = results.filter((r) => r.state === 'failed').length;
      if (process.env.ROLLOUT_PILOT_EXTHOST_RESULTS) writeFileSync(process.env.ROLLOUT_PILOT_EXTHOST_RESULTS, JSON.stringify(results, null, 1));
      console.log(`${passed} passed, ${failed} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
    // a failing hook is reported here too, under its own title ("before all" hook …)
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }));
  });
}
