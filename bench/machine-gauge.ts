// How fast the machine is running right now, for benchmarks on shared virtual machines.
//
// On the 2-core VM this project is built on, the core's speed is not constant: the same fixed
// loop takes 43 ms for seconds at a time, then 75 ms for seconds at a time, with nothing else
// running in the VM (the host shares the physical core; the guest sees no steal time, and CPU
// time slows down exactly as much as wall time). A benchmark run that falls into a slow stretch
// measures the host, not the code. The gauge is a fixed piece of work timed just before and just
// after each measured run: when both readings are near the best reading of the process, the
// machine ran at full speed throughout the run.
//
// The work is floating-point additions over a small array, because that kind of loop showed the
// slow stretches most clearly (a queue push/pop loop did not: it barely slowed while the engine
// slowed by half), and its readings follow the engine's: on one process of 45 runs, runs after a
// fast reading did 2.0–2.8 M events/s, runs after a slow one 1.4–2.1 M.

const SIZE = 4096; // 32 KB of doubles: stays in the core's own cache, so it measures the core
const ITERATIONS = 4_000_000; // ~9 ms at full speed on that VM
const cells = new Float64Array(SIZE);

/** Milliseconds the fixed work took now. */
export function gaugeMs(): number {
  const start = performance.now();
  let sum = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    // A multiplicative hash scatters the accesses, so no two iterations form a simple pattern.
    const j = (i * 2654435761) >>> 20;
    cells[j & (SIZE - 1)]! += i;
    sum += cells[(j + 7) & (SIZE - 1)]!;
  }
  const ms = performance.now() - start;
  // Using the sum keeps the compiler from dropping the loop as dead code.
  if (sum === -1) cells[0] = 0;
  return ms;
}

/** Readings within this factor of the best reading count as full speed. */
export const FULL_SPEED_MARGIN = 1.1;

/** True when both readings beside a run are within FULL_SPEED_MARGIN of the best one seen. */
export function ranAtFullSpeed(before: number, after: number, best: number): boolean {
  return Math.max(before, after) <= best * FULL_SPEED_MARGIN;
}
