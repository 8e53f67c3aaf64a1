// The rollout page in headless Chromium: what a person sees for each state, what each button posts to the host,
// the ready handshake, the countdown, the charts, and that malformed host messages change nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { parsePageMessage, type PageState } from '../../webview/src/protocol';
import { launch, openPage, type RolloutPage } from './harness';
import { CONTEXT, FORBIDDEN, NAME, NAMESPACE, aborted, analysis, blueGreen, deleted, forbidden, healthy, pausedManual, pausedTimed, progressing } from './states';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function withPage(state: PageState | undefined, fn: (p: RolloutPage) => Promise<void>, saved?: unknown): Promise<void> {
  const p = await openPage(browser, 'dark', saved);
  try {
    if (state) await p.send({ type: 'state', state });
    await fn(p);
    assert.deepEqual(await p.cspViolations(), [], 'the page stays within its Content-Security-Policy');
  } finally {
    await p.close();
  }
}

const text = (p: RolloutPage, selector: string) => p.page.locator(selector).innerText();

async function gate(p: RolloutPage, id: string): Promise<{ disabled: string | null; title: string | null; description: string | null }> {
  const b = p.page.locator(`#${id}`);
  return { disabled: await b.getAttribute('aria-disabled'), title: await b.getAttribute('title'), description: await b.getAttribute('aria-description') };
}

test('the ready handshake is the first message, before any state; the page waits for the state', async () => {
  await withPage(undefined, async (p) => {
    assert.deepEqual(await p.posted(), [{ type: 'ready' }]);
    assert.match(await text(p, 'main'), /Loading rollout/);
    assert.equal(await p.page.locator('main').count(), 1, 'a <main> landmark');
    assert.equal(await p.page.getAttribute('html', 'lang'), 'en');
  });
});

test('paused at the manual pause, step 1/8: status, weights 20/16, steps, six pods, images with their roles', async () => {
  await withPage(pausedManual(), async (p) => {
    assert.equal(await text(p, '#rollout-name'), NAME);
    assert.match(await text(p, '.where'), new RegExp(`namespace ${NAMESPACE} · context ${CONTEXT}`));
    assert.match(await text(p, '#rollout-status'), /Paused\s+— CanaryPauseStep/);
    assert.equal(await p.page.locator('#rollout-status .codicon-debug-pause').count(), 1, 'the Paused icon');
    assert.equal(await text(p, '#strategy'), 'Canary');
    assert.equal(await text(p, '#step'), '1/8');
    const setWeight = p.page.getByRole('meter', { name: 'Set weight' });
    const actualWeight = p.page.getByRole('meter', { name: 'Actual weight' });
    assert.equal(await setWeight.getAttribute('aria-valuenow'), '20');
    assert.equal(await actualWeight.getAttribute('aria-valuenow'), '16');
    // steps: the first done, the second current and waiting for promotion, the rest pending
    const states = await p.page.locator('#steps li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')));
    assert.deepEqual(states, ['done', 'current', ...Array(6).fill('pending')]);
    assert.equal(await text(p, '#steps li[aria-current="step"] .mono'), 'pause');
    assert.equal(await text(p, '#waiting-for-promotion'), 'waiting for promotion');
    // six pods: five stable, one canary
    assert.equal(await p.page.locator('tr[data-pod]').count(), 6);
    assert.equal(await p.page.locator('#revision-2 tr[data-pod]').count(), 1);
    assert.equal(await p.page.locator('#revision-1 tr[data-pod]').count(), 5);
    assert.deepEqual(
      (await p.page.locator('#revision-1 tr[data-pod]').first().locator('td').allInnerTexts()).map((s) => s.trim()),
      ['flaskdemo-6d4f8b7c9-s0', 'Running', '1/1', '0', '10m'],
    );
    // the container with the stable and the canary image
    const row = p.page.locator('#containers tr[data-container="flaskdemo"]');
    assert.match(await row.innerText(), /registry\.example\/flaskdemo:1\s+stable/);
    assert.match(await row.innerText(), /registry\.example\/flaskdemo:2\s+canary/);
    // Rollback on the old revision only
    assert.equal(await p.page.locator('#undo-1').count(), 1);
    assert.equal(await p.page.locator('#undo-2').count(), 0);
    assert.equal(await p.page.locator('#countdown').count(), 0, 'no countdown at a manual pause');
    assert.deepEqual(await p.savedState(), { name: NAME, namespace: NAMESPACE, context: CONTEXT }, 'remembered for the panel serializer');
  });
});

test('buttons: enabled ones post their action, disabled ones say why and post nothing; results show in the status line', async () => {
  await withPage(pausedManual(), async (p) => {
    for (const id of ['promote', 'promoteFull', 'abort', 'restart']) assert.equal((await gate(p, `action-${id}`)).disabled, 'false', id);
    assert.deepEqual(await gate(p, 'action-retry'), {
      disabled: 'true',
      title: 'Retry: only an aborted rollout can be retried',
      description: 'only an aborted rollout can be retried',
    });
    assert.equal(await p.page.getByRole('button', { name: 'Retry' }).isDisabled(), true, 'disabled for assistive technology too');
    await p.page.getByRole('button', { name: 'Retry' }).click({ force: true }); // a person can still click it
    assert.equal((await p.posted()).length, 1, 'a disabled button posts nothing');
    assert.equal(await text(p, '[role="status"]#status-line'), 'Retry is not available: only an aborted rollout can be retried');

    await p.page.getByRole('button', { name: 'Promote', exact: true }).click();
    await p.page.getByRole('button', { name: 'Edit image of container flaskdemo' }).click();
    await p.page.getByRole('button', { name: 'Roll back to revision 1' }).click();
    await p.page.getByRole('button', { name: 'Reveal manifest' }).click();
    const posted = (await p.posted()) as Array<Record<string, unknown>>;
    assert.deepEqual(
      posted.slice(1).map((m) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'requestId'))),
      [
        { type: 'action', action: 'promote' },
        { type: 'action', action: 'setImage', container: 'flaskdemo' },
        { type: 'action', action: 'undo', revision: 1 },
        { type: 'revealManifest' },
      ],
    );
    for (const m of posted) assert.equal(parsePageMessage(m).ok, true, `the host accepts ${JSON.stringify(m)}`);
    const ids = posted.filter((m) => m.type === 'action').map((m) => m.requestId);
    assert.equal(new Set(ids).size, 3, 'each request has its own id');
    assert.equal(await p.page.locator('#action-promote').getAttribute('aria-busy'), 'true', 'Promote is waiting for its answer');

    await p.send({ type: 'result', requestId: ids[0], ok: true, message: "rollout 'flaskdemo' promoted" });
    assert.equal(await text(p, '#status-line'), "Promote: rollout 'flaskdemo' promoted");
    assert.equal(await p.page.locator('#action-promote').getAttribute('aria-busy'), 'false');
    await p.send({ type: 'result', requestId: ids[2], ok: false, message: 'cancelled' });
    assert.equal(await text(p, '#status-line'), 'Roll back to revision 1: cancelled');
    assert.match((await p.page.locator('#status-line').getAttribute('class')) ?? '', /failed/);
    assert.equal(await p.page.locator('#status-line').getAttribute('aria-live'), 'polite');
  });
});

test('a new state keeps the focus on a button that is still there, and is reachable by keyboard', async () => {
  await withPage(pausedManual(), async (p) => {
    await p.page.locator('#action-abort').focus();
    await p.page.keyboard.press('Tab');
    assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'action-retry', 'a disabled action stays focusable (its reason is read out)');
    const next = pausedTimed();
    await p.send({ type: 'state', state: next });
    assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'action-retry', 'focus survives the update');
    assert.equal(await text(p, '#step'), '3/8');
    await p.page.keyboard.press('Enter');
    assert.match(await text(p, '#status-line'), /Retry is not available/);
  });
});

test('a timed pause counts down locally to pauseEndsAt, on the host clock', async () => {
  await withPage(pausedTimed(), async (p) => {
    const seconds = async () => Number(/resumes in (\d+)s/.exec(await text(p, '#countdown'))?.[1]);
    const first = await seconds();
    assert.ok(first > 0 && first <= 15, `starts at most 15 s before the end: ${first}`);
    assert.equal(await p.page.locator('#steps li[aria-current="step"] .mono').innerText(), 'pause: 20');
    await p.page.waitForFunction((s) => {
      const m = /resumes in (\d+)s/.exec(document.getElementById('countdown')?.textContent ?? '');
      return m !== null && Number(m[1]) < s;
    }, first);
    assert.ok((await seconds()) < first, 'it went down');
    assert.equal((await p.posted()).length, 1, 'counting posts nothing (the page never polls the host)');
    // a timed pause that is not a step's (no pause step current): the countdown sits beside the status
    await p.send({ type: 'state', state: { ...blueGreen(), pauseEndsAt: pausedTimed().pauseEndsAt } });
    assert.equal(await p.page.locator('#countdown').count(), 1);
    assert.match(await text(p, '#rollout-status #countdown'), /^resumes in \d+s$/);
    // and none once the pause is over
    await p.send({ type: 'state', state: healthy() });
    assert.equal(await p.page.locator('#countdown').count(), 0);
  });
});

test('progressing, aborted, healthy and blue-green show their status, icon and gates', async () => {
  await withPage(progressing(), async (p) => {
    assert.match(await text(p, '#rollout-status'), /Progressing\s+— more replicas need to be updated/);
    assert.equal(await p.page.locator('#rollout-status .codicon-sync.codicon-modifier-spin').count(), 1);
    assert.match(await text(p, '#revision-2'), /ContainerCreating\s+0\/1/);
    assert.equal(await p.page.getByRole('meter', { name: 'Actual weight' }).getAttribute('aria-valuenow'), '0');
  });
  await withPage(aborted(), async (p) => {
    assert.match(await text(p, '#rollout-status'), /Degraded\s+— RolloutAborted: Rollout aborted update to revision 2/);
    assert.equal(await p.page.locator('#rollout-status .codicon-error').count(), 1);
    assert.equal((await gate(p, 'action-retry')).disabled, 'false');
    assert.deepEqual(await gate(p, 'action-promote'), {
      disabled: 'true',
      title: "Promote: rollout 'flaskdemo' is aborted: retry it first",
      description: "rollout 'flaskdemo' is aborted: retry it first",
    });
    assert.equal(await p.page.getByRole('meter', { name: 'Set weight' }).getAttribute('aria-valuenow'), '0');
  });
  await withPage(healthy(), async (p) => {
    assert.match(await text(p, '#rollout-status'), /^\s*Healthy\s*$/);
    assert.equal(await p.page.locator('#rollout-status .codicon-pass').count(), 1);
    assert.equal(await text(p, '#step'), '8/8');
    const states = await p.page.locator('#steps li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')));
    assert.deepEqual(states, Array(8).fill('done'));
    assert.equal((await gate(p, 'action-promote')).disabled, 'true');
  });
  await withPage(blueGreen(), async (p) => {
    assert.equal(await text(p, '#strategy'), 'BlueGreen');
    assert.equal(await p.page.locator('[role="meter"]').count(), 0, 'no weights for blue-green');
    assert.equal(await p.page.locator('#steps').count(), 0);
    assert.match(await text(p, '#rollout-status'), /Paused\s+— BlueGreenPause/);
    const row = await text(p, '#containers tr[data-container="flaskdemo"]');
    assert.match(row, /flaskdemo:1\s+stable\s+active/);
    assert.match(row, /flaskdemo:2\s+preview/);
  });
});

test('a deleted rollout says so plainly, with no actions', async () => {
  await withPage(pausedManual(), async (p) => {
    await p.send({ type: 'state', state: deleted() });
    assert.equal(
      (await p.page.getByRole('alert').innerText()).trim(),
      `Rollout ${NAME} no longer exists in namespace ${NAMESPACE} (context ${CONTEXT}).`,
    );
    assert.equal(await p.page.locator('button[data-action]').count(), 0);
  });
});

test('a forbidden connection shows a banner with the missing permission; actions say why they are off', async () => {
  await withPage(forbidden(), async (p) => {
    const banner = p.page.locator('#health-banner');
    assert.equal(await banner.getAttribute('role'), 'alert');
    assert.match(await banner.innerText(), /Not connected \(forbidden\)\./);
    assert.ok((await banner.innerText()).includes(FORBIDDEN));
    assert.equal((await gate(p, 'action-promote')).description, "you lack `patch rollouts.argoproj.io` in namespace 'shop'");
    assert.equal(await text(p, '#step'), '1/8', 'the last state seen stays visible');
    await p.send({ type: 'state', state: { ...pausedManual(), health: { state: 'reconnecting', message: 'watch closed: connection reset; retrying' } } });
    assert.equal(await banner.getAttribute('role'), 'status', 'reconnecting is news, not an alarm');
    assert.match(await banner.innerText(), /Reconnecting \(reconnecting\)\. watch closed: connection reset; retrying/);
    await p.send({ type: 'state', state: pausedManual() });
    assert.equal(await banner.count(), 0, 'gone once connected');
  });
});

test('AnalysisRuns: a numeric metric is charted (successes and failures by shape and colour), a text one is listed', async () => {
  await withPage(analysis(), async (p) => {
    const run = p.page.locator('.run[data-run="flaskdemo-8a1b2c3d4-3-1"]');
    assert.match(await run.locator('h3').innerText(), /revision 3 · Failed/);
    assert.match(await run.innerText(), /assessed Failed due to failed \(2\) > failureLimit \(1\)/);
    const metric = run.locator('.metric[data-metric="success-rate"]');
    assert.match(await metric.locator('.cond').innerText(), /success when result\[0\] >= 0\.95 · count 5 · every 30s · failure limit 1/);
    const chart = metric.locator('svg.chart');
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.equal(await chart.getAttribute('aria-label'), 'success-rate: 5 measurements, 3 successful, 2 failed; latest 0.874; threshold 0.95');
    const points = await chart.locator('g.point').evaluateAll((gs) =>
      gs.map((g) => ({
        phase: g.getAttribute('data-phase'),
        value: Number(g.getAttribute('data-value')),
        x: Number(g.getAttribute('data-x')),
        y: Number(g.getAttribute('data-y')),
        shape: g.lastElementChild?.tagName,
        colour: getComputedStyle(g.lastElementChild as Element).getPropertyValue(g.getAttribute('data-phase') === 'Failed' ? 'stroke' : 'fill'),
      })),
    );
    assert.deepEqual(points.map((pt) => [pt.phase, pt.value]), [
      ['Successful', 0.991],
      ['Successful', 0.978],
      ['Failed', 0.912],
      ['Successful', 0.962],
      ['Failed', 0.874],
    ]);
    for (let i = 1; i < points.length; i++) assert.ok(points[i].x > points[i - 1].x, 'time runs left to right');
    assert.ok(points[0].y < points[4].y, 'a higher value is drawn higher');
    assert.deepEqual([...new Set(points.map((pt) => `${pt.phase}:${pt.shape}`))], ['Successful:circle', 'Failed:path'], 'different shapes');
    const colours = new Set(points.map((pt) => `${pt.phase}:${pt.colour}`));
    assert.deepEqual([...colours], ['Successful:rgb(115, 201, 145)', 'Failed:rgb(241, 76, 76)'], 'testing.iconPassed / iconFailed');
    assert.equal(await chart.locator('line.threshold').count(), 1, 'the condition threshold is drawn');
    // the text metric: a table of values, no chart
    const smoke = run.locator('.metric[data-metric="smoke-test"]');
    assert.equal(await smoke.locator('svg.chart').count(), 0);
    assert.deepEqual(await smoke.locator('table.values tbody tr td:nth-child(2)').allInnerTexts(), ['{"status":"ok","version":"3"}', '{"status":"ok","version":"3"}']);
    assert.match(await smoke.locator('.cond').innerText(), /success when result\.status == "ok"/);
    // the older run of revision 2 follows
    assert.deepEqual(await p.page.locator('.run').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-run'))), ['flaskdemo-8a1b2c3d4-3-1', 'flaskdemo-6d4f8b7c9-2-1']);
  });
});

test('malformed and unknown host messages are dropped without changing the page, and logged', async () => {
  await withPage(pausedManual(), async (p) => {
    const before = await p.page.locator('main').innerHTML();
    const bad: unknown[] = [
      null,
      'state',
      { type: 'eval', code: 'document.body.innerHTML = "owned"' },
      { type: 'state' },
      { type: 'state', state: { ...pausedManual(), gates: {} } },
      { type: 'state', state: { ...pausedManual(), name: '<img src=x onerror=alert(1)>', now: 'not a time' } },
      { type: 'result', requestId: 'x', ok: 'yes', message: 'hi' },
      { type: 'state', state: { ...pausedManual(), rollout: { ...pausedManual().rollout, replicaSets: 'many' } } },
    ];
    for (const m of bad) await p.send(m);
    assert.equal(await p.page.locator('main').innerHTML(), before, 'nothing changed');
    assert.equal(p.warnings.length, bad.length, 'each one logged');
    for (const w of p.warnings) assert.match(w, /^rollout page: dropped a message from the host: /);
    // a good one still works afterwards
    await p.send({ type: 'state', state: pausedTimed() });
    assert.equal(await text(p, '#step'), '3/8');
  });
});

test('text from the cluster is shown as text, never as markup', async () => {
  const s = pausedManual();
  s.rollout!.message = '<img src=x onerror="window.__owned=1">CanaryPauseStep';
  await withPage(s, async (p) => {
    assert.match(await text(p, '#rollout-status'), /<img src=x onerror="window.__owned=1">CanaryPauseStep/);
    assert.equal(await p.page.locator('main img').count(), 0);
    assert.equal(await p.page.evaluate(() => (window as unknown as { __owned?: number }).__owned), undefined);
  });
});

test('after a window reload the page shows the remembered rollout until the host sends its state', async () => {
  await withPage(
    undefined,
    async (p) => {
      assert.equal(await text(p, '#rollout-name'), NAME);
      assert.match(await text(p, '.where'), /namespace shop · context dev-cluster/);
      assert.deepEqual(await p.posted(), [{ type: 'ready' }]);
    },
    { name: NAME, namespace: NAMESPACE, context: CONTEXT },
  );
  await withPage(
    undefined,
    async (p) => {
      assert.equal(await text(p, '#rollout-name'), '', 'a saved state of the wrong shape is ignored');
      assert.match(await text(p, 'main'), /Loading rollout/);
    },
    { name: ['<b>x</b>'], namespace: 1 },
  );
});

test('parsePageMessage refuses what a compromised page could send', () => {
  for (const m of [
    { type: 'action', requestId: 'r', action: 'delete' },
    { type: 'action', requestId: 'r', action: 'undo', revision: -1 },
    { type: 'action', requestId: 'r', action: 'setImage' },
    { type: 'exec', command: 'rm -rf /' },
    { type: 'ready', extra: () => 1 },
  ]) {
    assert.equal(parsePageMessage(m).ok, m.type === 'ready', JSON.stringify(m));
  }
});
