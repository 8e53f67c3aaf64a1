// Types for prng.mjs.
/** mulberry32: a small, well-known seeded PRNG; returns numbers in [0, 1). */
export function prng(seed: number): () => number;
