// A seeded PRNG for the fuzz test and the benchmark's manifest generator: same seed, same sequence.
// Plain JS so that `node bench/...` needs no TypeScript loader (types in prng.d.mts).

/** mulberry32: a small, well-known seeded PRNG; returns numbers in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
