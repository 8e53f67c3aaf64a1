// Kubernetes resource quantities as the API server reads them (apimachinery `pkg/api/resource/quantity.go`,
// `parseQuantityString` and `ParseQuantity`): `<signed number><suffix>`, the suffix one of the binary `Ki Mi Gi Ti Pi
// Ei`, the decimal `n u m "" k M G T P E`, or an exponent `e<int>` / `E<int>`. Values are kept exact (BigInt) so that
// `requests: 1Gi` vs `limits: 1000M` compares the way the API server compares them. Pure string functions.

/** The API server's own text for a string that is not a quantity (apimachinery `ErrFormatWrong`). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export interface Quantity {
  negative: boolean;
  /** The number's digits without the point, as an integer. */
  digits: bigint;
  /** Power of ten the digits are multiplied by (the decimals, the decimal suffix or the exponent). */
  exp10: number;
  /** Power of two (the binary suffix). */
  exp2: number;
  /** The suffix as written (`Mi`, `m`, `e3`, ``). */
  suffix: string;
}

export type QuantityResult = { ok: true; q: Quantity } | { ok: false; message: string };

const SHAPE = /^([+-]?)(\d*)(?:\.(\d*))?([eEinumkKMGTP]*[-+]?\d*)$/;

/** Parses a quantity string (surrounding white space is ignored, as in `Quantity.UnmarshalJSON`). */
export function parseQuantity(input: string): QuantityResult {
  const s = input.trim();
  const m = SHAPE.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { ok: false, message: QUANTITY_FORMAT_ERROR };
  const [, sign, whole, frac = '', suffix = ''] = m;
  let exp10 = -frac.length;
  let exp2 = 0;
  if (Object.hasOwn(BINARY, suffix)) exp2 = BINARY[suffix]!;
  else if (Object.hasOwn(DECIMAL, suffix)) exp10 += DECIMAL[suffix]!;
  else if (/^[eE][-+]?\d+$/.test(suffix)) exp10 += Number(suffix.slice(1));
  else return { ok: false, message: "unable to parse quantity's suffix" };
  if (!Number.isFinite(exp10)) return { ok: false, message: "unable to parse quantity's suffix" };
  const digits = BigInt((whole || '0') + frac);
  return { ok: true, q: { negative: sign === '-' && digits !== 0n, digits, exp10, exp2, suffix } };
}

/** A YAML value as a quantity: strings are parsed, numbers are read as their decimal text. */
export function quantityOf(value: unknown): QuantityResult | undefined {
  if (typeof value === 'string') return parseQuantity(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: QUANTITY_FORMAT_ERROR };
    return parseQuantity(String(value));
  }
  return undefined;
}

/** The largest magnitude a quantity holds (2^63-1 base units, in nano units); larger values are clamped to it. */
const MAX_NANO = ((1n << 63n) - 1n) * 10n ** 9n;

/**
 * The value in nano units (10^-9), rounded away from zero and clamped as the API server stores it; exact otherwise.
 * Exponents far outside the range are decided without building huge numbers.
 */
export function toNano(q: Quantity): bigint {
  if (q.digits === 0n) return 0n;
  const e = q.exp10 + 9;
  let mag: bigint;
  if (e > 40) mag = MAX_NANO;
  else if (e < -(q.digits.toString().length + 30)) mag = 1n;
  else {
    const scaled = q.digits << BigInt(q.exp2);
    if (e >= 0) mag = scaled * 10n ** BigInt(e);
    else {
      const d = 10n ** BigInt(-e);
      mag = (scaled + d - 1n) / d;
    }
    if (mag > MAX_NANO) mag = MAX_NANO;
  }
  return q.negative ? -mag : mag;
}

/** -1, 0 or 1, as `Quantity.Cmp`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const x = toNano(a);
  const y = toNano(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when the value is not a whole number (of bytes): `MilliValue() % 1000 != 0`, as the API server's warning. */
export function isFractional(q: Quantity): boolean {
  const nano = toNano(q);
  const abs = nano < 0n ? -nano : nano;
  const milli = (abs + 999_999n) / 1_000_000n;
  return milli % 1000n !== 0n;
}

/**
 * The likely meant spelling of a quantity that does not parse because of its suffix's case (`512mi` → `512Mi`,
 * `1gi` → `1Gi`, `2KI` → `2Ki`, `100K` → `100k`); undefined when there is none.
 */
export function suffixCaseFix(input: string): string | undefined {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([a-zA-Z]{1,2})$/.exec(input.trim());
  if (!m) return undefined;
  const [, num, suffix] = m;
  const lower = suffix!.toLowerCase();
  const binary = Object.keys(BINARY).find((b) => b.toLowerCase() === lower);
  const candidate = binary ?? (lower === 'k' ? 'k' : undefined);
  if (!candidate || candidate === suffix) return undefined;
  return `${num}${candidate}`;
}
