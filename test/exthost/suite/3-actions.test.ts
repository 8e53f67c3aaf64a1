// Shipping from inside the extension host: `Argo Rollouts: Promote` and `Abort` executed through
// vscode.commands.executeCommand with a rollout key, checked on the object in the API server (the controller
// stand-in plays Argo Rollouts there).
//
// Abort asks in a modal first. VS Code refuses to show dialogs while extension tests run (its DialogService throws
// "refused to show dialog in tests", desktop and web alike), so no person — and no browser driver — can answer it
// here. The first abort test shows that refusal naming rollout, namespace and context, and that nothing was aborted
// without an answer. The next ones play the person's answer: `window.showWarningMessage` of the API object the
// extension itself uses (the extension host gives the extension and files under its folder the same object) is
// replaced for one call by a function that records what was asked and answers Cancel, then Abort. The real dialog,
// clicked in the workbench, is the e2e suite's (test/e2e/rollouts.test.ts).
import assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { api, fixture, kube, open, rolloutFromServer, until } from './util';

interface Asked {
  message: string;
  options: unknown;
  items: unknown[];
}

/** Runs `fn` with the next modal warning answered by `answer(items)`; returns what was asked. */
async function answeringModal<T>(answer: (items: unknown[]) => unknown, fn: () => Thenable<T>): Promise<{ asked: Asked[]; result: T }> {
  const win = vscode.window as { showWarningMessage: (...a: unknown[]) => Thenable<unknown> };
  const real = win.showWarningMessage;
  const asked: Asked[] = [];
  win.showWarningMessage = (message: unknown, options?: unknown, ...items: unknown[]) => {
    if (typeof options === 'object' && options !== null && (options as { modal?: boolean }).modal) {
      asked.push({ message: String(message), options, items });
      return Promise.resolve(answer(items));
    }
    return real.call(vscode.window, message, options, ...items);
  };
  try {
    return { asked, result: await fn() };
  } finally {
    win.showWarningMessage = real;
  }
}

suite('actions', () => {
  const ns = 'default';
  let name: string;
  let key: string;

  suiteSetup(async () => {
    await open('rollout.yaml');
    name = fixture().rollout;
    key = `${ns}/${name}`;
    const pilot = await api();
    await until('the rollout in the session', () => pilot.session()?.entryByKey(key)?.gates.promote.enabled, (ok) => ok === true);
  });

  test('Promote on "default/flaskdemo" moves the rollout past its pause in the API server', async () => {
    const before = await rolloutFromServer(ns, name);
    const step = before.status?.currentStepIndex ?? 0;
    assert.ok((before.status?.pauseConditions?.length ?? 0) > 0 || before.spec?.paused, 'paused before');
    const result = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('rolloutPilot.promote', key);
    assert.equal(result?.ok, true, result?.message);
    const after = await until('the controller past the paused step', () => rolloutFromServer(ns, name), (r) => (r.status?.currentStepIndex ?? 0) > step, 60000);
    assert.ok((after.status?.currentStepIndex ?? 0) > step);
    assert.notEqual(after.status?.abort, true);
  });

  test('Abort asks in a modal naming rollout, namespace and context; unanswered (VS Code refuses dialogs in tests) nothing is aborted', async () => {
    const { context } = kube();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('rolloutPilot.abort', key)),
      (e: Error) => {
        assert.match(e.message, /refused to show dialog in tests/);
        assert.ok(e.message.includes(`Abort rollout '${name}' in namespace '${ns}' (context '${context}')?`), e.message);
        return true;
      },
    );
    assert.notEqual((await rolloutFromServer(ns, name)).status?.abort, true);
  });

  test('Abort answered "Cancel" leaves the rollout alone', async () => {
    const { asked, result } = await answeringModal(() => undefined, () => vscode.commands.executeCommand('rolloutPilot.abort', key));
    assert.equal(asked.length, 1, 'the modal was asked through the API object the extension uses');
    assert.equal(result, undefined);
    assert.notEqual((await rolloutFromServer(ns, name)).status?.abort, true);
  });

  test('Abort answered "Abort" aborts it in the API server, and the tree offers Retry', async () => {
    const { context } = kube();
    const { asked, result } = await answeringModal(
      (items) => items.find((i) => i === 'Abort'),
      () => vscode.commands.executeCommand<{ ok: boolean; message: string }>('rolloutPilot.abort', key),
    );
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.message, `Abort rollout '${name}' in namespace '${ns}' (context '${context}')?`);
    assert.deepEqual(asked[0]!.items, ['Abort']);
    assert.equal(result?.ok, true, result?.message);
    const ro = await until('abort in the API server', () => rolloutFromServer(ns, name), (r) => r.status?.abort === true, 30000);
    assert.equal(ro.status?.abort, true);
    const pilot = await api();
    await until('the tree offering Retry', () => pilot.session()?.entryByKey(key)?.gates.retry.enabled, (ok) => ok === true, 30000);
  });
});
