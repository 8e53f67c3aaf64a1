// The server's settings (`rolloutPilot.*`), read from workspace/configuration or from initializationOptions. A bad
// value never stops checking: it falls back to the default and the caller shows the returned problem once.
import { z } from 'zod';
import type { LintOptions } from '../core/types';
import { definitionsVersions } from '../core/schema/data';
import { RULE_LEVELS, type RuleLevel } from '../core/controls';
import { RULE_CODES } from '../core/rule-codes';

export interface ServerSettings {
  /** `1.X` */
  kubernetesVersion: string;
  schemaDiagnostics: boolean;
  maxFileSizeKb: number;
  /** Per rule code: `off` or the severity to report it with. */
  rules: Readonly<Record<string, RuleLevel>>;
}

export const DEFAULT_SETTINGS: Readonly<ServerSettings> = {
  kubernetesVersion: '1.36',
  schemaDiagnostics: true,
  maxFileSizeKb: 5120,
  rules: {},
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
export function parseSettingValue<K extends keyof typeof FIELDS>(
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
  for (const key of Object.keys(FIELDS) as Array<keyof typeof FIELDS>) {
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
  const notes: string[] = [];
  if (obj.rules !== undefined && obj.rules !== null) {
    const read = parseRuleLevels(obj.rules, 'rolloutPilot.rules');
    settings.rules = read.levels;
    problems.push(...read.problems.map((p) => `Rollout Pilot: ${p}`));
    notes.push(...read.notes);
  }
  const note = obj.kubernetesVersion !== undefined && obj.kubernetesVersion !== null ? versionNote(settings.kubernetesVersion) : undefined;
  if (note) notes.push(note);
  return notes.length > 0 ? { settings, problems, notes } : { settings, problems };
}

/**
 * Reads `{CODE: LEVEL}` (the setting) entry by entry: a bad level is dropped with a problem, the other entries are
 * kept; a code no rule has is kept (a newer version may know it) with a note.
 */
export function parseRuleLevels(raw: unknown, where: string): { levels: Record<string, RuleLevel>; problems: string[]; notes: string[] } {
  const levels: Record<string, RuleLevel> = {};
  const problems: string[] = [];
  const notes: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where} must be an object of rule codes to ${RULE_LEVELS.join('|')} (got ${describe(raw)}); ignored.`);
    return { levels, problems, notes };
  }
  for (const [code, value] of Object.entries(raw as Record<string, unknown>)) {
    const level = typeof value === 'string' ? (value.trim().toLowerCase() === 'info' ? 'information' : value.trim().toLowerCase()) : value;
    if (!(RULE_LEVELS as readonly unknown[]).includes(level)) {
      problems.push(`${where}: "${code}" must be one of ${RULE_LEVELS.join(', ')} (got ${describe(value)}); ignored.`);
      continue;
    }
    levels[code] = level as RuleLevel;
    if (!RULE_CODES.has(code)) notes.push(`${where}: "${code}" is not a rule code this version knows (see docs/rules.md); it has no effect.`);
  }
  return { levels, problems, notes };
}

export function toLintOptions(s: ServerSettings): LintOptions {
  return {
    kubernetesVersion: s.kubernetesVersion,
    schemaDiagnostics: s.schemaDiagnostics,
    maxTextLength: Math.floor(s.maxFileSizeKb * 1024),
    ...(Object.keys(s.rules).length > 0 ? { rules: s.rules } : {}),
  };
}

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
