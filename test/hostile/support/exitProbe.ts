// Run in a child process by test/hostile/cluster.test.ts: one cluster operation against a hostile server or plugin,
// then it prints what happened as one JSON line and returns from main. The parent checks that the process then
// EXITS on its own (nothing left in flight keeps it alive) and how long the operation took by its own clock.
// usage: exitProbe.ts <promote|get> <kubeconfig> <deadlineMs> [execTimeoutMs]
import { executeAction } from '../../../extension/src/cluster/actions/execute';
import { KubeClient } from '../../../extension/src/cluster/client';
import { ClusterError } from '../../../extension/src/cluster/errors';
import { loadKubeconfig } from '../../../extension/src/cluster/kubeconfig';
import { ClusterStore } from '../../../extension/src/cluster/store';

async function main(): Promise<void> {
  const [mode, kubeconfig, deadlineText, execText] = process.argv.slice(2);
  const kc = loadKubeconfig({ explicitPath: kubeconfig }).kubeConfigFor();
  const deadlineMs = Number(deadlineText);
  const clientOptions = { deadline: Date.now() + deadlineMs, ...(execText ? { execTimeoutMs: Number(execText) } : {}) };
  const started = Date.now();
  if (mode === 'promote') {
    const client = new KubeClient(kc, clientOptions);
    const outcome = await executeAction(client, 'shop', 'demo', { action: 'promote' });
    client.dispose();
    const code = !outcome.ok && !outcome.refused && outcome.error instanceof ClusterError ? outcome.error.code : undefined;
    console.log(JSON.stringify({ ms: Date.now() - started, ok: outcome.ok, code, message: outcome.message }));
  } else {
    const store = new ClusterStore(kc, { client: clientOptions, backoffInitialMs: 200 });
    const hold = store.subscribe('shop', () => {});
    const first = await store.waitFor('shop', (s) => s.settled, deadlineMs + 5000);
    hold.dispose();
    store.dispose();
    console.log(JSON.stringify({ ms: Date.now() - started, state: first.health.state, message: first.health.message }));
  }
}

void main();
