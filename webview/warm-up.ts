// The run a spare simulation worker makes while the page is idle, before it becomes the run worker
// (run-controller.ts, prewarm). The first long run of a page pays for the browser's renderer
// growing its memory to that size (most of it: V8 hands a later worker the pages an earlier one
// freed) and for the JIT compiling the engine and the checkers: in headless Chromium the first
// 120 s, 5-node Raft run of a page took ~1.9 s to simulate and grade against ~0.8 s once warm,
// and ~1.3 s after one 20 s run of a busy cluster (bench/worker-cold.bench.ts --warm-secs,
// --touch-mb). So the page makes such runs where nobody waits for them, throws them away, and the
// next long run the person asks for is a warm one.
//
// Three stages, each a fresh spare worker that the controller takes as the run worker when it is
// done, so a run asked for at any moment goes to the warmest worker there is by then:
// - 2 s (~150–250 ms of work), only for a run worker that has made no run yet (the page's own,
//   when the host made a created panel's first run; a fresh one after a cancel): the Raft sample's
//   first run in a fresh Chromium worker took 107–307 ms to simulate, grade and pack, 66–100 ms
//   after such a run. Made in the run worker itself, a click arriving meanwhile would queue behind
//   it; made by a spare, it goes to the current worker at once.
// - 15 s then 5 s (~1.3 s of work): after the first alone, the first 120 s run still took ~2.0 s
//   to simulate and grade; after both, 1.2–1.3 s, against ~0.9 s for a worker's second 120 s run
//   (`worker-cold --warm-secs 15` vs `--warm-secs 15,5`). What a worker learns in its second run
//   (code the first run's end deoptimized, made again with settled feedback) is worth more than a
//   longer first one.
// - The same, then 30 s and 5 s more (~3 s of work): the first 120 s run's engine and grading took
//   806 ms on average against 1,117 ms after the 15 s stage alone (`--warm-secs 15,5,30,5
//   --warm-product 1` vs `15,5`, six readings each, 2 cores): the functions a long run makes hot
//   (the session checks' loops, the engine's send and deliver) are compiled by the optimizing tier
//   only once a run is long enough; a first 120 s run otherwise waits for that compiling, and on a
//   busy machine shares the cores with it. A fresh 30 s run alone does not do it (1,196 ms).
// The last stage repeats the one before it rather than continuing in the worker that made it: a
// worker making a run cannot answer a request until that run ends, and a spare can be dropped at
// once.
//
// It is an ordinary scenario: a busy Raft cluster with crashes, partitions and pauses, several
// clients per kind of operation and the checks every run gets, so the engine, the protocol's
// handlers, the consistency checkers and the packing all run at the sizes a long run has. Its
// result is never shown; a run made afterwards is the one a fresh worker makes (core is pure: a
// browser test compares them).

/** The warm-up stages: each one's runs, in simulated microseconds (the scenario below, cut short). */
export const WARM_UP_STAGES: readonly (readonly number[])[] = [
  [2_000_000],
  [15_000_000, 5_000_000],
  [15_000_000, 5_000_000, 30_000_000, 5_000_000],
];

export const WARM_UP_SCENARIO = `
scenario "warm-up: a busy Raft cluster" {
  seed 3
  run for 15s
  cluster {
    nodes 5
    protocol raft {
      election timeout 150ms..300ms
      heartbeat every 50ms
    }
  }
  network {
    latency 1ms..6ms
    drop 0.2%
  }
  workload {
    client appender * 8 {
      append a, b every 80ms
      timeout 400ms
      retry 2 backoff exponential 20ms..200ms jitter full
      idempotency key ttl 1m
    }
    client writer * 6 {
      write c, d every 120ms
      timeout 400ms
    }
    client reader * 8 {
      read a, b, c, d every 90ms
      timeout 400ms
    }
  }
  faults {
    every 1s..3s random crash for 300ms..1s
    every 2s..4s random partition for 200ms..800ms
    every 3s..5s random pause for 100ms..300ms
  }
  expect {
    linearizable
    raft safety
    writes commit
  }
}
`;
