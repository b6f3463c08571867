// What the benchmarks share: their command-line numbers, the median they report, and the
// workload the engine and protocol benchmarks both run (so their events per second compare).

/** `--name N` from the command line, or the fallback. */
export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The Raft block of the engine benchmark, and the protocol benchmark's reference. */
export const RAFT_PROTOCOL = 'protocol raft {\n election timeout 150ms..300ms\n heartbeat every 50ms\n }';

/** 5 nodes, 200 client operations per second, random crashes, partitions and pauses. */
export function faultyClusterScenario(name: string, protocol: string, simulatedSeconds: number): string {
  return `
scenario "${name}" {
  seed 1
  run for ${simulatedSeconds}s
  cluster {
    nodes 5
    ${protocol}
  }
  network {
    latency 1ms..5ms
    drop 0.1%
  }
  workload {
    client writer * 10 {
      write x, y, z every 100ms
      timeout 500ms
      retry 2 backoff exponential 20ms..200ms jitter full
    }
    client reader * 10 {
      read x, y, z every 100ms
      timeout 500ms
    }
  }
  faults {
    every 2s..5s random crash for 500ms..2s
    every 3s..6s random partition for 300ms..1s
    every 4s..8s random pause for 100ms..300ms
  }
}
`;
}
