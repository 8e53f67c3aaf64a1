// `version [--short]`, shaped like the plugin's (`kubectl-argo-rollouts: v1.9.1` then indented build facts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bool, type Parsed, UsageError } from './args';

/** This package's version, read from its package.json (next to dist/ when bundled, two levels up from source). */
export function packageVersion(): string {
  for (const rel of ['..', '../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, rel, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rollout-pilot' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return 'unknown';
}

export function versionText(short: boolean): string {
  let out = `rollout-pilot: v${packageVersion()}\n`;
  if (!short) {
    out += '  Plugin: kubectl-argo-rollouts v1.9 (commands, flags, requests and output)\n';
    out += `  NodeVersion: ${process.version}\n`;
    out += `  Platform: ${process.platform}/${process.arch}\n`;
  }
  return out;
}

export async function runVersion(p: Parsed): Promise<number> {
  if (p.positional.length) throw new UsageError(`version takes no arguments (got ${p.positional.join(' ')})`);
  process.stdout.write(versionText(bool(p, 'short')));
  return 0;
}
