// A YAML file's text as the workspace index reads it from disk: undefined when it is missing, not a regular file,
// larger than the limit, or not UTF-8 (the same answer on the main thread and in an index worker).
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export async function diskText(path: string, maxBytes: number): Promise<string | undefined> {
  try {
    const st = await stat(path);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return decode(await readFile(path));
  } catch {
    return undefined;
  }
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
