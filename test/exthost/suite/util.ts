// Shared by the extension-host test files: the extension under test, its API, the fixture the runner wrote (the
// engine's own findings for the workspace, the kubeconfig, the namespaces it filled), a direct client of the API
// server (the cluster layer's own, not the extension's instance: what the tests read is what the server holds),
// and polling.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { KubeClient, loadKubeconfig } from '../../../extension/src/cluster';
import type { Rollout } from '../../../extension/src/cluster/k8sTypes';
import type { RolloutPilotApi } from '../../../extension/src/main';

export const EXTENSION_ID = 'rollout-pilot.rollout-pilot';

export interface Finding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface Fixture {
  kubeconfig: string;
  /** `rollout-pilot lint --format json` of the workspace's files (file = base name) */
  findings: Finding[];
  /** namespaces that hold the seed rollout */
  namespaces: string[];
  rollout: string;
  /** the VS Code version the runner started (checked against vscode.version), when it knows it */
  vscodeVersion?: string;
}

export function fixture(): Fixture {
  const path = process.env.ROLLOUT_PILOT_EXTHOST_FIXTURE;
  if (!path) throw new Error('ROLLOUT_PILOT_EXTHOST_FIXTURE is not set: run these tests through test/exthost/exthost.test.ts');
  return JSON.parse(readFileSync(path, 'utf8')) as Fixture;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the workspace folder the runner opens');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens the file in an editor (which activates the extension on YAML) and returns the document. */
export async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The extension, activated, and what `activate` returned. */
export async function api(): Promise<RolloutPilotApi> {
  const ext = vscode.extensions.getExtension<RolloutPilotApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Polls `get` until `ok` holds; the error names `what` and the last value seen. */
export async function until<T>(what: string, get: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 60000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await get();
      if (ok(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      const seen = lastError instanceof Error ? lastError.message : JSON.stringify(last, null, 1)?.slice(0, 2000);
      throw new Error(`${what}: not reached within ${timeoutMs / 1000} s; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

export function severityName(s: vscode.DiagnosticSeverity): Finding['severity'] {
  return (['error', 'warning', 'information', 'hint'] as const)[s];
}

/** This extension's diagnostics for a workspace file. */
export function ours(name: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(workspaceFile(name)).filter((d) => d.source === 'rollout-pilot');
}

let client: KubeClient | undefined;

/** The API server, through the fixture's kubeconfig (its current context). */
export function kube(): { client: KubeClient; context: string } {
  const loaded = loadKubeconfig({ explicitPath: fixture().kubeconfig });
  if (loaded.errors.length) throw new Error(loaded.errors.join('\n'));
  client ??= new KubeClient(loaded.kubeConfigFor(undefined));
  return { client, context: loaded.currentContext ?? '' };
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await kube().client.request({ method: 'GET', path });
  return JSON.parse(res.text) as T;
}

export function rolloutFromServer(namespace: string, name: string): Promise<Rollout> {
  return getJson<Rollout>(`/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/${name}`);
}
