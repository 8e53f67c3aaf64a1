// Pieces of a failing cluster on 127.0.0.1 for the hostile tests: a kubeconfig file for one server and user, a
// server listening on a free port, a self-signed certificate (openssl), a TCP server that accepts and never answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';

/** Writes `dir/name.kubeconfig`: context `c` (namespace shop), cluster `k` at `server`, user `u` (YAML lines given). */
export function kubeconfigFile(dir: string, name: string, server: string, userLines: string, clusterLines = ''): string {
  const path = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    path,
    `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster:\n    server: ${server}\n${clusterLines}` +
      `contexts:\n- name: c\n  context: {cluster: k, user: u, namespace: shop}\nusers:\n- name: u\n  user:\n${userLines}`,
  );
  return path;
}

export function listen<S extends Server | NetServer>(server: S): Promise<number> {
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res((server.address() as AddressInfo).port)));
}

/** A key and a self-signed certificate for 127.0.0.1, written to `dir`. */
export function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer; certPath: string } {
  const keyPath = join(dir, 'server.key');
  const certPath = join(dir, 'server.crt');
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, `openssl is needed for this test: ${made.stderr}`);
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath };
}

/** A server that accepts connections and never answers a byte; `close()` drops them. */
export async function silentServer(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return {
    port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
