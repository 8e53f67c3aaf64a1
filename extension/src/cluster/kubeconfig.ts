// Kubeconfig files as kubectl reads them: an explicit path (setting `rolloutPilot.kubeconfig`), else every path in
// KUBECONFIG merged (for each cluster/user/context name and for current-context the FIRST file that sets it wins;
// missing files are skipped), else ~/.kube/config. Credentials (tokens, certificates, exec plugins) are what
// client-node's KubeConfig supports. Watching re-reads the files so a context switched in a terminal shows at once.
// Choosing a context in the extension never writes a file; `useContext` does, and only when called.
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { accessSync, constants as fsConstants, existsSync, readFileSync, statSync, watch as fsWatch, writeFileSync, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { serverUrlProblem } from './client';
import { Emitter, type Disposable } from './events';

export interface KubeconfigOptions {
  /** `rolloutPilot.kubeconfig`: used alone when set */
  explicitPath?: string;
  /** defaults to process.env */
  env?: Record<string, string | undefined>;
  /** defaults to os.homedir() */
  home?: string;
  /** where `explicitPath` came from, named in its errors (default: the setting rolloutPilot.kubeconfig) */
  explicitSource?: string;
}

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  /** the context's namespace, or 'default' as kubectl uses */
  namespace: string;
  server?: string;
  /** the exec plugin command of the context's user, if it uses one */
  execCommand?: string;
  /** a problem known before any request (missing cluster/user entry, exec plugin not on PATH) */
  problem?: string;
}

export interface LoadedKubeconfig {
  /** files in the order they were read (existing ones) */
  files: string[];
  /** the paths that were looked at */
  paths: string[];
  currentContext?: string;
  contexts: ContextInfo[];
  /** located, per-file problems (unreadable file, YAML error); the other files still load */
  errors: string[];
  /** a client-node KubeConfig set to `context` (default: current-context) */
  kubeConfigFor(context?: string): KubeConfig;
}

/** The files kubectl would read, in order. */
export function kubeconfigPaths(opts: KubeconfigOptions = {}): string[] {
  const env = opts.env ?? process.env;
  if (opts.explicitPath) return [resolve(expandHome(opts.explicitPath, opts.home))];
  const list = env.KUBECONFIG;
  if (list && list.length > 0) {
    const seen = new Set<string>();
    return list
      .split(delimiter)
      .filter((p) => p.length > 0)
      .map((p) => resolve(expandHome(p, opts.home)))
      .filter((p) => (seen.has(p) ? false : (seen.add(p), true)));
  }
  return [join(opts.home ?? homedir(), '.kube', 'config')];
}

function expandHome(p: string, home?: string): string {
  return p === '~' || p.startsWith('~/') ? join(home ?? homedir(), p.slice(1)) : p;
}

/** Whether `command` can be started: an absolute/relative path that exists, or a name found on PATH. */
export function commandOnPath(command: string, env: Record<string, string | undefined> = process.env): boolean {
  return execCommandProblem(command, env) === undefined;
}

/** Why an exec plugin cannot be started (with its path), or undefined. */
export function execCommandProblem(command: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (command.includes('/') || isAbsolute(command)) {
    let st;
    try {
      st = statSync(command);
    } catch {
      return `'${command}', which does not exist`;
    }
    if (!st.isFile()) return `'${command}', which is not a file`;
    if (process.platform !== 'win32') {
      try {
        accessSync(command, fsConstants.X_OK);
      } catch {
        return `'${command}', which is not executable`;
      }
    }
    return undefined;
  }
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      try {
        if (statSync(join(dir, command + ext)).isFile()) return undefined;
      } catch {
        /* not here */
      }
    }
  }
  return `'${command}', which is not on PATH`;
}

/**
 * Reads one kubeconfig file the way kubectl would judge it: a folder, an empty file or YAML that is not a mapping
 * is refused with the reason, instead of client-node's "Cannot read properties of undefined". Also returns the
 * `tokenFile` of each user, which client-node ignores (it reads only `token-file`): kubectl reads it.
 */
function readKubeconfigFile(path: string): { kc: KubeConfig; tokenFiles: Map<string, string> } {
  const st = statSync(path);
  if (st.isDirectory()) throw new Error('it is a folder, not a kubeconfig file');
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') throw new Error('the file is empty');
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new Error('not a kubeconfig (expected a mapping with clusters, users and contexts)');
  const kc = new KubeConfig();
  kc.loadFromString(text);
  kc.makePathsAbsolute(dirname(path)); // certificate paths are relative to the file, as kubectl reads them
  const tokenFiles = new Map<string, string>();
  const raw = doc.toJS() as { users?: Array<{ name?: unknown; user?: { tokenFile?: unknown } }> };
  for (const u of Array.isArray(raw.users) ? raw.users : []) {
    const tf = u?.user?.tokenFile;
    if (typeof u?.name === 'string' && typeof tf === 'string' && tf) tokenFiles.set(u.name, resolve(dirname(path), tf));
  }
  return { kc, tokenFiles };
}

/** A problem of a user's or cluster's files known before any request (the request would go out without them). */
function fileProblem(what: string, file: string | undefined | null): string | undefined {
  if (!file) return undefined;
  try {
    if (statSync(file).isFile()) return undefined;
    return `${what} '${file}' is not a file`;
  } catch {
    return `${what} '${file}' does not exist`;
  }
}

function execCommandOf(user: User | null | undefined): string | undefined {
  const exec = (user?.exec ?? (user?.authProvider?.config as { exec?: { command?: string } } | undefined)?.exec) as
    | { command?: string }
    | undefined;
  return exec?.command;
}

/** Reads and merges the files. Never throws for a bad file: the problem goes into `errors`. */
export function loadKubeconfig(opts: KubeconfigOptions = {}): LoadedKubeconfig {
  const paths = kubeconfigPaths(opts);
  const env = opts.env ?? process.env;
  const files: string[] = [];
  const errors: string[] = [];
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  const userProblems = new Map<string, string>();
  let currentContext: string | undefined;
  const source = opts.explicitSource ?? 'setting rolloutPilot.kubeconfig';
  for (const path of paths) {
    if (!existsSync(path)) {
      if (opts.explicitPath) errors.push(`${path}: file not found (${source})`);
      continue;
    }
    let one: KubeConfig;
    let tokenFiles: Map<string, string>;
    try {
      ({ kc: one, tokenFiles } = readKubeconfigFile(path));
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      errors.push(`${path}: ${why}${opts.explicitPath ? ` (${source})` : ''}`);
      continue;
    }
    files.push(path);
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) {
      if (users.has(u.name)) continue;
      const tokenFile = tokenFiles.get(u.name);
      if (tokenFile && !u.token) {
        // kubectl reads the token from the file; a missing file is an error there, not a request without credentials
        try {
          users.set(u.name, { ...u, token: readFileSync(tokenFile, 'utf8').trim() });
        } catch {
          users.set(u.name, u);
          userProblems.set(u.name, `kubeconfig user '${u.name}' reads its token from '${tokenFile}' (tokenFile), which cannot be read`);
        }
        continue;
      }
      users.set(u.name, u);
    }
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    const cur = one.getCurrentContext();
    if (currentContext === undefined && cur) currentContext = cur;
  }
  const infos: ContextInfo[] = [...contexts.values()].map((c) => {
    const cluster = clusters.get(c.cluster);
    const user = users.get(c.user);
    const execCommand = execCommandOf(user);
    let problem: string | undefined;
    const execProblem = execCommand ? execCommandProblem(execCommand, env) : undefined;
    const urlProblem = cluster ? serverUrlProblem(cluster.server) : undefined;
    if (!cluster) problem = `context '${c.name}' names cluster '${c.cluster}', which no kubeconfig file defines`;
    else if (urlProblem) problem = `the server of cluster '${cluster.name}' (context '${c.name}') ${urlProblem}`;
    else if (c.user && !user) problem = `context '${c.name}' names user '${c.user}', which no kubeconfig file defines`;
    else if (execProblem) problem = `context '${c.name}' gets credentials from the exec plugin ${execProblem}`;
    else if (user && userProblems.has(user.name)) problem = userProblems.get(user.name);
    else {
      problem =
        fileProblem(`the certificate-authority of cluster '${cluster.name}'`, cluster.caFile) ??
        fileProblem(`the client-certificate of kubeconfig user '${user?.name}'`, user?.certFile) ??
        fileProblem(`the client-key of kubeconfig user '${user?.name}'`, user?.keyFile);
    }
    return { name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace || 'default', server: cluster?.server, execCommand, problem };
  });
  const kubeConfigFor = (context?: string): KubeConfig => {
    const name = context ?? currentContext;
    if (!name) throw new Error(`no context chosen and no current-context in ${paths.join(delimiter) || 'the kubeconfig'}`);
    if (!contexts.has(name)) throw new Error(`context '${name}' is not in ${files.join(delimiter) || paths.join(delimiter)}`);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [...clusters.values()],
      users: [...users.values()],
      contexts: [...contexts.values()],
      currentContext: name,
    });
    return kc;
  };
  return { files, paths, currentContext, contexts: infos, errors, kubeConfigFor };
}

/** The file kubectl's `config use-context` writes: the first that sets current-context, else the first file. */
export function currentContextFile(opts: KubeconfigOptions = {}): string | undefined {
  const paths = kubeconfigPaths(opts).filter((p) => existsSync(p));
  for (const p of paths) {
    try {
      const doc = parseDocument(readFileSync(p, 'utf8'));
      if (doc.get('current-context')) return p;
    } catch {
      /* unreadable: not this one */
    }
  }
  return paths[0];
}

/** Writes current-context (keeping the rest of the file and its comments). Call only after asking the user. */
export function useContext(name: string, opts: KubeconfigOptions = {}): string {
  const loaded = loadKubeconfig(opts);
  if (!loaded.contexts.some((c) => c.name === name)) throw new Error(`context '${name}' is not in the kubeconfig`);
  const file = currentContextFile(opts);
  if (!file) throw new Error('no kubeconfig file to write');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.set('current-context', name);
  writeFileSync(file, doc.toString());
  return file;
}

/** A fingerprint of what matters to views: files' contents. */
function fingerprint(paths: string[]): string {
  return paths
    .map((p) => {
      try {
        return `${p}\0${readFileSync(p, 'utf8')}`;
      } catch {
        return `${p}\0<missing>`;
      }
    })
    .join('\0\0');
}

/**
 * Watches the kubeconfig files (through their directories, so an editor's or kubectl's replace-by-rename is seen)
 * and fires `onDidChange` with the reloaded config after `debounceMs` of quiet, only when a file's content changed.
 */
export class KubeconfigWatcher implements Disposable {
  private readonly changed = new Emitter<LoadedKubeconfig>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private last: string;
  current: LoadedKubeconfig;

  constructor(
    private readonly opts: KubeconfigOptions = {},
    private readonly debounceMs = 250,
  ) {
    this.current = loadKubeconfig(opts);
    this.last = fingerprint(this.current.paths);
    this.arm();
  }

  onDidChange(listener: (k: LoadedKubeconfig) => void): Disposable {
    return this.changed.on(listener);
  }

  private arm(): void {
    const byDir = new Map<string, Set<string>>();
    for (const p of this.current.paths) {
      const d = dirname(p);
      if (!byDir.has(d)) byDir.set(d, new Set());
      byDir.get(d)!.add(basename(p));
    }
    for (const [dir, names] of byDir) {
      if (!existsSync(dir)) continue; // e.g. no ~/.kube yet; a later `reload()` picks it up
      try {
        const w = fsWatch(dir, { persistent: false }, (_event, file) => {
          if (!file || names.has(String(file))) this.schedule();
        });
        w.on('error', () => this.schedule());
        this.watchers.push(w);
      } catch {
        /* unwatchable directory: the config still loads, only live updates are lost */
      }
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), this.debounceMs);
    this.timer.unref?.();
  }

  /** Re-reads now; fires when something changed. */
  reload(): void {
    this.timer = undefined;
    const fp = fingerprint(kubeconfigPaths(this.opts));
    if (fp === this.last) return;
    this.last = fp;
    this.current = loadKubeconfig(this.opts);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.arm();
    this.changed.fire(this.current);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.changed.clear();
  }
}
