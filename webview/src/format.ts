// Small pure helpers of the rollout page: status → codicon, durations, image names. No DOM here, so the unit tests
// can import them too.

export interface StatusLook {
  /** Codicon classes (with the spin modifier where the plugin's icon is the progressing ◌). */
  codicon: string;
  /** A CSS class that colours it. */
  tone: 'ok' | 'progress' | 'paused' | 'bad' | 'warn' | 'unknown' | 'neutral';
}

/**
 * From the cluster layer's own icon glyph (icons.ts: the plugin's `✔ ◌ ॥ ✖ ⚠ ? ◷ •`) to a codicon, so the page
 * never re-derives a status: Healthy ✔ pass, Progressing ◌ sync~spin, Paused ॥ debug-pause, Degraded ✖ error,
 * Error/InvalidSpec ⚠ warning, Unknown ? question.
 */
export function lookOfIcon(icon: string): StatusLook {
  switch (icon) {
    case '✔':
      return { codicon: 'codicon-pass', tone: 'ok' };
    case '◌':
      return { codicon: 'codicon-sync codicon-modifier-spin', tone: 'progress' };
    case '॥':
      return { codicon: 'codicon-debug-pause', tone: 'paused' };
    case '✖':
      return { codicon: 'codicon-error', tone: 'bad' };
    case '⚠':
      return { codicon: 'codicon-warning', tone: 'warn' };
    case '◷':
      return { codicon: 'codicon-clock', tone: 'neutral' };
    case '•':
      return { codicon: 'codicon-circle-small-filled', tone: 'neutral' };
    case '?':
      return { codicon: 'codicon-question', tone: 'unknown' };
  }
  return { codicon: 'codicon-circle-outline', tone: 'neutral' };
}

/** An analysis or measurement phase's look (the plugin's `analysisIcon`, drawn as codicons). */
export function lookOfPhase(phase: string): StatusLook {
  switch (phase) {
    case 'Successful':
      return lookOfIcon('✔');
    case 'Failed':
      return lookOfIcon('✖');
    case 'Error':
      return lookOfIcon('⚠');
    case 'Inconclusive':
      return lookOfIcon('?');
    case 'Running':
      return lookOfIcon('◌');
    case 'Pending':
      return lookOfIcon('◷');
  }
  return lookOfIcon('');
}

/** `14s`, `1m 05s`, `2h 03m` for a remaining time; `0s` once it is over. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** The image without its tag or digest: `registry:5000/team/app:2` → `registry:5000/team/app`. */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}
