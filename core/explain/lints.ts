// What each lint warns about and which named pattern or fallacy it comes from. The lint rules
// (core/language/lints/) use `message`; hover on a warning shows `explanation`.

export type LintCode =
  | 'FL201'
  | 'FL202'
  | 'FL203'
  | 'FL204'
  | 'FL205'
  | 'FL206'
  | 'FL207'
  | 'FL208'
  | 'FL209'
  | 'FL210'
  | 'FL211'
  | 'FL212'
  | 'FL213'
  | 'FL214';

export type LintInfo = { title: string; pattern: string; explanation: string };

export const lintInfo: Record<LintCode, LintInfo> = {
  FL201: {
    title: 'even-sized consensus cluster',
    pattern: 'Quorum arithmetic',
    explanation:
      'A majority of N is ⌊N/2⌋+1. Going from 3 to 4 nodes raises the majority from 2 to 3, so the cluster still survives only one failure while every write waits for one more node. Two nodes are worse than one: losing either stops all progress. Use 3, 5 or 7.',
  },
  FL202: {
    title: 'retries without an idempotency key',
    pattern: 'At-least-once delivery',
    explanation:
      'When a reply is lost the client cannot know whether the server did the work. Retrying then risks doing it twice (a double charge, a counter bumped twice). An idempotency key lets the server recognise the retry and return the first result.',
  },
  FL203: {
    title: 'backoff without jitter',
    pattern: 'Thundering herd',
    explanation:
      'Clients that fail at the same moment and wait the same backoff come back at the same moment, in waves that hit a recovering server all at once. Randomising each delay (jitter) spreads them out.',
  },
  FL204: {
    title: 'client without a timeout',
    pattern: 'Fallacy 1: the network is reliable; partial failure',
    explanation:
      'A request whose reply is lost, or whose server died, is never answered. Without a timeout the client waits forever, holding whatever it holds. Remember that a timeout only means "unknown": the operation may still have happened.',
  },
  FL205: {
    title: 'unbounded retries',
    pattern: 'Retry storm',
    explanation:
      'Retrying forever multiplies load exactly when the system is weakest: every failed request comes back again and again, and the backlog keeps an overloaded service from ever recovering. Bound the retries and let the caller see the failure.',
  },
  FL206: {
    title: 'asynchronous replication with automatic failover',
    pattern: 'Lost acknowledged writes; split brain',
    explanation:
      'With asynchronous replication the primary acknowledges a write before any backup has it. If the primary fails and a backup is promoted automatically, the writes it had not received are gone although clients were told they succeeded; if the old primary was only cut off, two primaries may accept writes at once.',
  },
  FL207: {
    title: 'replica reads without read-your-writes',
    pattern: 'Replication lag: read-your-writes',
    explanation:
      'Under asynchronous replication a replica can be behind the primary. A client that writes and then reads from such a replica does not see its own write. Fixes: read from the primary, wait until the replica has reached the write\'s position, or keep each client on one replica.',
  },
  FL208: {
    title: 'leaderless quorums that do not overlap',
    pattern: 'Quorum intersection (R + W > N)',
    explanation:
      'A read sees the latest write only if the R replicas it asks include at least one of the W that took the write. That is guaranteed only when R + W > N; otherwise reads can return stale values even with no failure at all.',
  },
  FL209: {
    title: 'last-write-wins with skewed clocks',
    pattern: 'No global clock',
    explanation:
      'Last-write-wins keeps the value with the largest timestamp. A node whose clock runs ahead stamps its writes in the future, so a write that really happened later, on a node with a slower clock, is silently discarded. Version vectors (or a logical clock) order writes by causality instead.',
  },
  FL210: {
    title: 'lease lock without fencing tokens',
    pattern: 'Fencing (process pauses)',
    explanation:
      'A lock holder can pause (garbage collection, a frozen VM) past the end of its lease. Someone else gets the lock, and then the first holder wakes up and writes, still believing it holds the lock. A fencing token — a number that grows with every grant, checked by storage — makes the stale write bounce.',
  },
  FL211: {
    title: 'lease shorter than skew plus pause',
    pattern: 'No global clock; process pauses',
    explanation:
      'A holder decides its lease is still valid by its own clock. If that clock is off by the declared skew and the holder can also be paused, the lease can expire in everyone else\'s eyes while the holder still thinks it is valid. The TTL must exceed the worst skew plus the longest pause, or fencing must catch the overlap.',
  },
  FL212: {
    title: 'two-phase commit without coordinator recovery',
    pattern: '2PC is blocking',
    explanation:
      'Participants that voted yes must wait for the coordinator\'s decision, holding their locks. If the coordinator crashes between the votes and the decision and never recovers, they wait forever. Coordinator recovery (a durable decision log, replayed on restart) bounds the wait.',
  },
  FL213: {
    title: 'one latency for every link across regions',
    pattern: 'Fallacy 8: the network is homogeneous (and 2: latency is zero)',
    explanation:
      'Nodes in different regions are tens of milliseconds apart, nodes in one region well under a millisecond. A single latency for every link hides exactly the asymmetry that decides where leaders should live and how long quorum writes take. Add `link` overrides for cross-region pairs.',
  },
  FL214: {
    title: 'idempotency key forgotten before the last retry',
    pattern: 'At-least-once delivery: the idempotency key outlives every retry',
    explanation:
      'The server remembers an idempotency key only for its TTL. If a retry can arrive after the key was forgotten, the server treats it as new and applies the operation again — the duplicate the key was meant to stop. The TTL must outlast the whole retry window: every timeout plus every backoff delay.',
  },
};
