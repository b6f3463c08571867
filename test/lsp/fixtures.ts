// Scenario texts the LSP tests open. Kept small and readable: each test names what it proves.

export const RAFT = `scenario "raft: leader isolated" {
  seed 7
  run for 10s

  cluster {
    nodes n1, n2, n3, n4, n5
    protocol raft {
      election timeout 150ms..300ms
      heartbeat every 50ms
    }
  }

  network {
    latency 2ms..10ms
    link n1 <-> n3 latency 80ms
  }

  workload {
    client alice {
      write x every 100ms
      timeout 400ms
      retry 3 backoff exponential 50ms..2s jitter full
      idempotency key ttl 1h
    }
  }

  faults {
    at 2s partition n1 | n2, n3, n4, n5
    at 3s pause n2 for 1s
    at 5s heal
  }

  expect {
    one leader per term
    leader within 1s after heal
  }
}

scenario "raft: crash instead" extends "raft: leader isolated" {
  faults {
    at 2s crash n1
  }
}
`;

export const EVEN_CLUSTER = `scenario "four" {
  seed 1
  run for 5s

  cluster {
    nodes n1, n2, n3, n4
    protocol raft {
    }
  }
}
`;
