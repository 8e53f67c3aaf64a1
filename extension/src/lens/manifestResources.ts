// The objects of an open YAML file, asked from the language server (`rolloutPilot/resources`, the server's own parse)
// once per document version and shared by the CodeLens, "Compare with Live" and the drift hints. A session change
// re-reads nothing here: only an edit makes a new version.
import type * as vscode from 'vscode';
import { RESOURCES_METHOD, ResourcesSchema, type ManifestResourceData } from '../../../server/src/lsp/protocol';
import type { Ctx } from '../ctx';

export type { ManifestResourceData };

export class ManifestResources {
  private readonly cache = new Map<string, { version: number; answer: Promise<ManifestResourceData[]> }>();

  constructor(private readonly ctx: Ctx) {}

  /** The objects of `doc` at its current version; [] when the language server is not running or cannot say. */
  of(doc: vscode.TextDocument): Promise<ManifestResourceData[]> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.answer;
    if (!this.ctx.client?.isRunning()) return Promise.resolve([]); // asked again once the server runs
    const answer = this.ask(key);
    this.cache.set(key, { version: doc.version, answer });
    // [] may also mean the server has not seen the document open yet, and a failure is worth asking again: not kept
    void answer.then((rs) => {
      if (rs.length === 0 && this.cache.get(key)?.answer === answer) this.cache.delete(key);
    });
    return answer;
  }

  /** The document was closed. */
  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  private async ask(uri: string): Promise<ManifestResourceData[]> {
    const client = this.ctx.client;
    if (!client?.isRunning()) return [];
    try {
      return ResourcesSchema.parse(await client.sendRequest(RESOURCES_METHOD, { uri }));
    } catch (e) {
      this.ctx.output.warn(`${RESOURCES_METHOD} for ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }
}
