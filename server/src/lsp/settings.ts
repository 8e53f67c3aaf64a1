// The server's settings (`rolloutPilot.*`), read from workspace/configuration or from initializationOptions. A bad
// value never stops checking: it falls back to the default and the caller shows the returned problem once.
import { z } from 'zod';
import type { LintOptions } from '../core/types';
import { definitionsVersions } from '../core/schema/data';

export interface ServerSettings {
  /** `1.X` */
  kubernetesVersion: string;
  schemaDiagnostics: boolean;
  maxFileSizeKb: number;
}

export const DEFAULT_SETTINGS: Readonly<ServerSettings> = {
  kubernetesVersion: '1.36',
  schemaDiagnostics: true,
  maxFileSizeKb: 5120,
};

export const MIN_FILE_SIZE_KB = 64;

// `v1.30` and `1.30.2` are read as `1.30`: people copy versions from `kubectl version`.
const version = z
  .string()
  .trim()
  .regex(/^v?1\.\d{1,3}(?:\.\d+)?$/)
  .transform((s) => `1.${Number(s.replace(/^v/, '').split('.')[1])}`);

const FIELDS = {
  kubernetesVersion: { schema: version, expect: 'a Kubernetes version like "1.36"' },
  schemaDiagnostics: { schema: z.boolean(), expect: 'true or false' },
  maxFileSizeKb: { schema: z.number().finite().min(MIN_FILE_SIZE_KB), expect: `a number of KB, at least ${MIN_FILE_SIZE_KB}` },
} as const;

export interface ParsedSettings {
  settings: ServerSettings;
  /** One sentence per rejected value, for a window/showMessage warning. */
  problems: string[];
  /** Accepted values worth a word (a Kubernetes version newer than any Rollout Pilot knows). */
  notes?: string[];
}

/** The newest Kubernetes minor version whose removals and schemas Rollout Pilot knows. */
export function newestKnownMinor(): number {
  const fromDefault = Number(DEFAULT_SETTINGS.kubernetesVersion.split('.')[1]);
  return Math.max(fromDefault, definitionsVersions().at(-1) ?? 0);
}

/** A note when `1.X` is past the newest version known: it is checked as that newest version. */
export function versionNote(kubernetesVersion: string): string | undefined {
  const minor = Number(kubernetesVersion.split('.')[1]);
  const newest = newestKnownMinor();
  return minor > newest
    ? `Kubernetes ${kubernetesVersion} is newer than the newest version Rollout Pilot knows (1.${newest}): ` +
        `removals after 1.${newest} are not reported, and the 1.${newest} schemas are used.`
    : undefined;
}

/**
 * One value checked on its own (for a command-line flag): the parsed value, or what was expected. The CLI words its
 * own message: a bad flag is not a setting that falls back to its default.
 */
export function parseSettingValue<K extends keyof ServerSettings>(
  key: K,
  value: unknown,
): { ok: true; value: ServerSettings[K] } | { ok: false; expect: string } {
  const { schema, expect } = FIELDS[key];
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data as ServerSettings[K] } : { ok: false, expect };
}

/**
 * Reads a `rolloutPilot` settings object. Missing values (undefined / null) take `base`; invalid ones take the
 * default and produce a problem.
 */
export function parseSettings(raw: unknown, base: ServerSettings = DEFAULT_SETTINGS): ParsedSettings {
  const settings: ServerSettings = { ...base };
  const problems: string[] = [];
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    problems.push(`Rollout Pilot: the rolloutPilot settings must be an object (got ${describe(raw)}); using defaults.`);
  }
  for (const key of Object.keys(FIELDS) as Array<keyof ServerSettings>) {
    const value = obj[key];
    if (value === undefined || value === null) continue;
    const { schema, expect } = FIELDS[key];
    const r = schema.safeParse(value);
    if (r.success) {
      (settings as unknown as Record<string, unknown>)[key] = r.data;
    } else {
      (settings as unknown as Record<string, unknown>)[key] = DEFAULT_SETTINGS[key];
      problems.push(
        `Rollout Pilot: rolloutPilot.${key} must be ${expect} (got ${describe(value)}); using ${JSON.stringify(DEFAULT_SETTINGS[key])}.`,
      );
    }
  }
  const note = obj.kubernetesVersion !== undefined && obj.kubernetesVersion !== null ? versionNote(settings.kubernetesVersion) : undefined;
  return note ? { settings, problems, notes: [note] } : { settings, problems };
}

export function toLintOptions(s: ServerSettings): LintOptions {
  return {
    kubernetesVersion: s.kubernetesVersion,
    schemaDiagnostics: s.schemaDiagnostics,
    maxTextLength: Math.floor(s.maxFileSizeKb * 1024),
  };
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
