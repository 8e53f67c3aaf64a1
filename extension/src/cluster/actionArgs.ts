// The values a person types for an action (`restart --in`, `undo --to-revision`), checked before any request: a
// negative delay or a revision no rollout can have is refused with the reason, never sent. Shared by the command
// line and the extension's input boxes; pure.
import { goDurationString, parseGoDuration } from './actions/planGo';

/** The longest `restart --in` accepted: a year (a longer one is a typo, and past ~285,000 years not even a date). */
export const MAX_RESTART_DELAY_MS = 366 * 24 * 3600 * 1000;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** `restart --in`: a Go duration (`10s`, `1m30s`, `2h`), not negative, at most a year; the value in milliseconds. */
export function parseRestartDelay(text: string): Checked<number> {
  let ms: number;
  try {
    ms = parseGoDuration(text.trim());
  } catch {
    return { ok: false, error: `--in takes a duration such as 10s, 1m30s or 2h, not '${text}'` };
  }
  if (!Number.isFinite(ms)) return { ok: false, error: `--in '${text}' is not a usable duration` };
  if (ms < 0) return { ok: false, error: `--in must not be negative (got '${text}'): it is how long from now the restart happens` };
  if (ms > MAX_RESTART_DELAY_MS) {
    return { ok: false, error: `--in '${text}' is more than a year (${goDurationString(MAX_RESTART_DELAY_MS)}); give a shorter delay` };
  }
  return { ok: true, value: ms };
}

/**
 * `undo --to-revision`: a whole number, 0 for the previous revision. Revisions are the rollout's
 * `rollout.argoproj.io/revision` annotations, counted up from 1 by the controller: a number past JavaScript's safe
 * integers cannot be one (and could not be compared exactly), so it is refused rather than rounded.
 */
export function parseRevision(text: string): Checked<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { ok: false, error: `--to-revision takes a revision number (0 for the previous one), not '${text}'` };
  const n = Number(t);
  if (!Number.isSafeInteger(n)) {
    return { ok: false, error: `--to-revision ${t} is larger than any revision can be (at most ${Number.MAX_SAFE_INTEGER})` };
  }
  return { ok: true, value: n };
}
