// A YAML file's text as the workspace index reads it from disk: undefined when it is missing, not a regular file,
// larger than the limit, or not UTF-8 (the same answer on the main thread and in an index worker).
// (node:fs's callbacks, not node:fs/promises: loading that module costs every start of the server ~3 ms)
import { readFile, readFileSync, stat, statSync } from 'node:fs';

const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export function diskText(path: string, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    stat(path, (err, st) => {
      if (err || !st.isFile() || st.size > maxBytes) return resolve(undefined);
      readFile(path, (err2, bytes) => resolve(err2 ? undefined : decode(bytes)));
    });
  });
}

export function diskTextSync(path: string, maxBytes: number): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return decode(readFileSync(path));
  } catch {
    return undefined;
  }
}
