// The import graph of TypeScript sources, as the compiler reads it: every import, export-from, dynamic import(),
// `import type` and require() of each file (ts.preProcessFile), relative ones resolved with TypeScript's own module
// resolution and followed. Used to prove a layer never reaches a package, directly or through another file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface ForbiddenImport {
  /** the file the scan started from (relative to `base`) */
  from: string;
  /** the forbidden module specifier, as written */
  specifier: string;
  /** files from `from` to the one that imports `specifier` (relative to `base`) */
  chain: string[];
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;

/** Every TypeScript source file under `dir` (or `dir` itself when it is a file), declaration files excluded. */
export function sourceFiles(dir: string): string[] {
  if (statSync(dir).isFile()) return [dir];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (SOURCE.test(e.name) && !DECLARATION.test(e.name)) out.push(p);
  }
  return out.sort();
}

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
};

/** The module specifiers a file imports, each with the source file it resolves to (undefined: a package, a
 *  built-in, or something that does not resolve to TypeScript source). */
function importsOf(file: string): { specifier: string; resolved?: string }[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: specifier }) => {
    const r = ts.resolveModuleName(specifier, file, OPTIONS, ts.sys).resolvedModule;
    const resolved =
      r && !r.isExternalLibraryImport && SOURCE.test(r.resolvedFileName) && !DECLARATION.test(r.resolvedFileName)
        ? r.resolvedFileName
        : undefined;
    return { specifier, resolved };
  });
}

/**
 * Starting from every source file under `roots`, follows the import graph through every source file it reaches
 * (inside the roots or not) and reports each forbidden specifier reached, once per starting file, with the shortest
 * chain of files that leads to it. Also returns how many files were read.
 */
export function findForbiddenImports(
  roots: readonly string[],
  isForbidden: (specifier: string) => boolean,
  base: string,
): { violations: ForbiddenImport[]; filesScanned: number } {
  const cache = new Map<string, { specifier: string; resolved?: string }[]>();
  const edges = (f: string) => {
    let e = cache.get(f);
    if (!e) cache.set(f, (e = importsOf(f)));
    return e;
  };
  const rel = (f: string) => relative(base, f);
  const violations: ForbiddenImport[] = [];
  for (const start of roots.flatMap(sourceFiles)) {
    // breadth-first, so each chain reported is a shortest one
    const parent = new Map<string, string | null>([[start, null]]);
    const queue = [start];
    const seen = new Set<string>();
    while (queue.length) {
      const f = queue.shift()!;
      for (const { specifier, resolved } of edges(f)) {
        if (isForbidden(specifier) && !seen.has(specifier)) {
          seen.add(specifier);
          const chain: string[] = [];
          for (let p: string | null | undefined = f; p; p = parent.get(p)) chain.unshift(rel(p));
          violations.push({ from: rel(start), specifier, chain });
        }
        if (resolved && !parent.has(resolved)) {
          parent.set(resolved, f);
          queue.push(resolved);
        }
      }
    }
  }
  return { violations, filesScanned: cache.size };
}
