// How fast the machine is running right now, for benchmarks on shared virtual machines.
//
// On the 2-core VM this project is built on, the core's speed is not constant: the same fixed
// loop takes 43 ms for seconds at a time, then 75 ms for seconds at a time, with nothing else
// running in the VM (the host shares the physical core; the guest sees no steal time, and CPU
// time slows down exactly as much as wall time). A benchmark run that falls into a slow stretch
// measures the host, not the code. The gauge is a fixed piece of work timed just before and just
// after each measured run: when both readings are near the best reading of the process, the
// machine ran at full speed throughout the run. The best reading is the process's own, so a
// process that never saw a fast stretch calls its slow runs full speed: the selection can only
// leave runs out, never make the figures faster than the machine was.
//
// The work is floating-point additions over a small array, because that kind of loop showed the
// slow stretches most clearly (a queue push/pop loop did not: it barely slowed while the engine
// slowed by half), and its readings follow the engine's: on one process of 45 runs, runs after a
// fast reading did 2.0–2.8 M events/s, runs after a slow one 1.4–2.1 M.

const SIZE = 4096; // 32 KB of doubles: stays in the core's own cache, so it measures the core
const ITERATIONS = 4_000_000; // ~9 ms at full speed on that VM

/** Milliseconds the fixed work took now. */
export function gaugeMs(): number {
  const start = performance.now();
  const sum = fixedWork(ITERATIONS);
  const ms = performance.now() - start;
  // Using the sum keeps the compiler from dropping the work as dead code.
  return sum === -1 ? ms + 1 : ms;
}

/**
 * The work, in a function of its own: V8 optimizes it whole after its first calls. Written inline
 * in gaugeMs, the loop ran as code compiled mid-loop (on-stack replacement), which read ~17 ms
 * throughout, fast stretches or slow, while this function read 9 ms, then 15 ms.
 */
function fixedWork(iterations: number): number {
  const cells = new Float64Array(SIZE);
  let sum = 0;
  for (let i = 0; i < iterations; i++) {
    // A multiplicative hash scatters the accesses, so no two iterations form a simple pattern.
    const j = (i * 2654435761) >>> 20;
    cells[j & (SIZE - 1)]! += i;
    sum += cells[(j + 7) & (SIZE - 1)]!;
  }
  return sum;
}

/**
 * Readings within this factor of the best reading count as full speed. At full speed the gauge's
 * readings scatter by about 10 % (8.4–9.4 ms on that VM); in a slow stretch they read 1.5× or more
 * (14–16 ms), so 20 % separates the two without calling a fast reading's ordinary scatter slow.
 */
export const FULL_SPEED_MARGIN = 1.2;

/** True when both readings beside a run are within FULL_SPEED_MARGIN of the best one seen. */
export function ranAtFullSpeed(before: number, after: number, best: number): boolean {
  return Math.max(before, after) <= best * FULL_SPEED_MARGIN;
}
