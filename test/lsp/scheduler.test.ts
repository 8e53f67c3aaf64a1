// When the server re-checks a document: at once on the first change, once more after a burst, never for a closed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationScheduler } from '../../server/src/lsp/scheduler';
import { delay } from './client';

function recorder(cooldownMs = 20) {
  const runs: string[] = [];
  const s = new ValidationScheduler((uri) => void runs.push(uri), cooldownMs);
  return { runs, s };
}

test('held until resume, then each waiting document is checked once', () => {
  const { runs, s } = recorder();
  s.schedule('a');
  s.schedule('a');
  s.schedule('b');
  assert.deepEqual(runs, []);
  s.resume();
  assert.deepEqual(runs, ['a', 'b']);
  s.dispose();
});

test('the first change runs at once; a burst during the cooldown runs once more at its end', async () => {
  const { runs, s } = recorder();
  s.resume();
  s.schedule('a');
  assert.deepEqual(runs, ['a'], 'leading edge: no waiting for a lone keystroke');
  for (let i = 0; i < 10; i++) s.schedule('a');
  assert.deepEqual(runs, ['a']);
  await delay(60);
  assert.deepEqual(runs, ['a', 'a'], 'trailing edge: the burst is checked once');
  await delay(40);
  assert.deepEqual(runs, ['a', 'a'], 'nothing more without changes');
  s.schedule('a');
  assert.deepEqual(runs, ['a', 'a', 'a']);
  s.dispose();
});

test('documents do not wait for each other', () => {
  const { runs, s } = recorder(1000);
  s.resume();
  s.schedule('a');
  s.schedule('a');
  s.schedule('b');
  assert.deepEqual(runs, ['a', 'b']);
  s.dispose();
});

test('a cancelled (closed) document is not checked after its burst', async () => {
  const { runs, s } = recorder();
  s.resume();
  s.schedule('a');
  s.schedule('a');
  s.cancel('a');
  await delay(50);
  assert.deepEqual(runs, ['a']);
  s.dispose();
});

test('a change while a check runs waits for it to end: one check of a document at a time', async () => {
  const runs: string[] = [];
  const ends: Array<() => void> = [];
  const s = new ValidationScheduler((uri) => {
    runs.push(uri);
    return new Promise<void>((resolve) => ends.push(resolve));
  }, 10);
  s.resume();
  s.schedule('a');
  assert.deepEqual(runs, ['a']);
  await delay(40); // the cooldown is over, the check still runs
  s.schedule('a');
  s.schedule('b');
  assert.deepEqual(runs, ['a', 'b'], 'a is not checked twice at once; b does not wait for a');
  await delay(40);
  assert.deepEqual(runs, ['a', 'b']);
  ends[0]!();
  await delay(5);
  assert.deepEqual(runs, ['a', 'b', 'a'], 'the change is checked once the running check has ended');
  ends[1]!();
  ends[2]!();
  await delay(30);
  assert.deepEqual(runs, ['a', 'b', 'a'], 'nothing more without changes');
  s.dispose();
});
