// What the user's RBAC allows, known before a click: one SelfSubjectAccessReview per permission and namespace
// (POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews, which every authenticated user may create), cached
// until `invalidate` (the session calls it when a namespace's watch reconnects or the kubeconfig changes).
import type { KubeClient } from './client';
import { type CanI, type Permission, permissionKey } from './actions/gates';
import { Emitter, type Disposable } from './events';

interface ReviewStatus {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

export class AccessReviews implements Disposable {
  /** true/false: the answer; null: the review failed (unknown, not asked again until invalidated) */
  private readonly answers = new Map<string, boolean | null>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly changed = new Emitter<string>();
  private generation = 0;

  constructor(private readonly client: KubeClient) {}

  /** Fires with the namespace whose answers arrived. */
  onDidChange(listener: (namespace: string) => void): Disposable {
    return this.changed.on(listener);
  }

  /** The cached answer; undefined until reviewed (and then asks, once). */
  canI(namespace: string): CanI {
    return (p: Permission) => {
      const v = this.answers.get(this.key(namespace, p));
      return v === null ? undefined : v;
    };
  }

  /** Reviews each permission not yet known in `namespace`; resolves when all answered (errors count as unknown). */
  review(namespace: string, perms: readonly Permission[]): Promise<void> {
    const todo = perms.filter((p) => !this.answers.has(this.key(namespace, p)));
    if (todo.length === 0) return Promise.resolve();
    const batchKey = `${namespace}\0${todo.map(permissionKey).join(',')}`;
    const running = this.pending.get(batchKey);
    if (running) return running;
    const gen = this.generation;
    const p = Promise.all(
      todo.map(async (perm) => {
        try {
          const r = await this.client.json<ReviewStatus>({
            method: 'POST',
            path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
            contentType: 'application/json',
            body: JSON.stringify({
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: {
                resourceAttributes: {
                  namespace,
                  verb: perm.verb,
                  group: perm.group,
                  resource: perm.resource,
                  ...(perm.subresource ? { subresource: perm.subresource } : {}),
                },
              },
            }),
          });
          if (gen === this.generation) this.answers.set(this.key(namespace, perm), !!r.status?.allowed);
        } catch {
          // unknown: the action stays offered and the request itself explains a refusal
          if (gen === this.generation) this.answers.set(this.key(namespace, perm), null);
        }
      }),
    ).then(() => {
      this.pending.delete(batchKey);
      if (gen === this.generation) this.changed.fire(namespace);
    });
    this.pending.set(batchKey, p);
    return p;
  }

  /** Forgets every answer (or one namespace's). */
  invalidate(namespace?: string): void {
    if (namespace === undefined) {
      this.answers.clear();
      this.generation++;
      return;
    }
    for (const k of [...this.answers.keys()]) if (k.startsWith(`${namespace}\0`)) this.answers.delete(k);
  }

  dispose(): void {
    this.generation++;
    this.changed.clear();
  }

  private key(namespace: string, p: Permission): string {
    return `${namespace}\0${permissionKey(p)}`;
  }
}
