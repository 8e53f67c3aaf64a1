// Go-compatible encodings the action plans need so that request bodies carry the plugin's exact bytes:
// encoding/json output (HTML-safe escapes, sorted map keys for unstructured objects), time.ParseDuration,
// time.Duration.String and metav1.Time's RFC 3339 form.
import { compareGoStrings } from '../info/meta';

function goString(s: string): string {
  // encoding/json escapes <, > and & (HTML-safe) and U+2028/U+2029; JSON.stringify agrees on everything else.
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** metav1.Time as JSON: RFC 3339 in UTC, whole seconds (the fraction is truncated). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `json.Marshal` of a decoded JSON value. `sortKeys` reproduces Go's map ordering (an `unstructured` object is
 * all maps); without it, object keys keep their order, which for an object read from the API server is already
 * the order Go's struct encoding produces. Dates become metav1.Time strings; undefined members are dropped.
 */
export function goJson(value: unknown, sortKeys: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return goString(rfc3339(value.getTime()));
  if (Array.isArray(value)) return `[${value.map((v) => goJson(v, sortKeys)).join(',')}]`;
  switch (typeof value) {
    case 'string':
      return goString(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
      if (sortKeys) keys.sort(compareGoStrings);
      return `{${keys.map((k) => `${goString(k)}:${goJson(obj[k], sortKeys)}`).join(',')}}`;
    }
    default:
      return 'null';
  }
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `time.ParseDuration`, in milliseconds; throws Go's error text. */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole, intPart = '', frac] = num;
    if (intPart === '' && (frac === undefined || frac === '')) throw new Error(`time: invalid duration ${quoted}`);
    s = s.slice(whole.length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = UNIT_MS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    s = s.slice(unit.length);
    total += (Number(intPart || '0') + Number(`0.${frac || '0'}`)) * scale;
  }
  return sign * total;
}

/** `time.Duration.String` for a whole number of milliseconds: `0s`, `250ms`, `10s`, `1m30s`, `1h0m0s`. */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${abs}ms`;
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const sec = (abs % 60_000) / 1000;
  const secText = `${Number.isInteger(sec) ? sec : sec.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${sign}${h}h${m}m${secText}`;
  if (m > 0) return `${sign}${m}m${secText}`;
  return `${sign}${secText}`;
}
