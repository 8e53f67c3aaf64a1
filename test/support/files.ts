// Files written to disk for a test (the trees the CLI, the language server and the benchmarks' tests read), and the
// files a test reads from the repository.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes `files` (paths relative to `root` → contents) under `root`, creating their folders. */
export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

/** Every file under `dir`, at any depth, whose name matches `name`. */
export function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path, name);
    return name.test(e.name) ? [path] : [];
  });
}
