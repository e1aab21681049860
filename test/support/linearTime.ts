import assert from 'node:assert/strict';

/**
 * The fastest of five timings, in nanoseconds, of `run` on `make(n)`; each run gets a freshly made input, so
 * that none is helped by what an earlier one cached. The fastest, as a busy machine or a garbage collection
 * only ever adds time.
 */
export function fastestTime<T>(make: (n: number) => T, run: (input: T) => unknown, n: number): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const input = make(n);
    const t0 = process.hrtime.bigint();
    run(input);
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return best;
}

/**
 * Linear time, checked by growth rather than by a clock limit: multiplying the input by 8 must multiply the
 * time by well under 64 (what a quadratic step would cost). The bound is loose, as eight times the objects
 * also makes each garbage collection dearer and a busy machine adds its own noise, and tight enough that a
 * path whose cost is mostly quadratic cannot pass.
 */
export function assertLinearTime<T>(name: string, make: (n: number) => T, run: (input: T) => unknown, n: number): void {
  fastestTime(make, run, n); // warm up the JIT
  const small = fastestTime(make, run, n);
  const large = fastestTime(make, run, n * 8);
  const ratio = large / Math.max(small, 1);
  assert.ok(ratio < 32, `${name}: 8x the input took ${ratio.toFixed(1)}x the time (${(small / 1e6).toFixed(1)} ms -> ${(large / 1e6).toFixed(1)} ms)`);
}
