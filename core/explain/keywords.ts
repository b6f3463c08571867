// What each keyword of the `.fault` language means, for hover. Pure data, written in the
// project's own words (facts from the primer, never its sentences). A phrase key such as
// `run for` is looked up before its single words, so multi-word keywords explain as a whole.

export type Concept = {
  /** Short heading shown in bold. */
  title: string;
  /** One or two paragraphs of plain explanation (markdown allowed). */
  text: string;
  /** The named failure pattern or fallacy this relates to, when there is one. */
  pattern?: string;
};

export const keywordConcepts: Record<string, Concept> = {
  scenario: {
    title: 'scenario',
    text: 'One experiment: a cluster, the network between its nodes, the clients that use it, the faults to inject and what must still hold afterwards. A file may hold several; `extends` builds a variant that changes only a few lines.',
  },
  extends: {
    title: 'extends',
    text: 'Start from another scenario and override some of its statements. Handy for putting the risky version and the fixed version side by side: the difference between the two files is the lesson.',
  },
  seed: {
    title: 'seed',
    text: 'The number every random choice in the run is derived from (latencies, drops, election timeouts, random faults). The same file with the same seed always replays the same history, event for event.',
  },
  'run for': {
    title: 'run for',
    text: 'How much virtual time the simulation covers. Virtual time costs nothing to wait through: ten simulated minutes usually take well under a second.',
  },
  cluster: {
    title: 'cluster',
    text: 'The servers under test and the protocol they run. Every node runs the same protocol; what each one believes about the others comes only from the messages it receives.',
  },
  nodes: {
    title: 'nodes',
    text: 'The server names, or a count (`nodes 5` means n1..n5). With a majority-based protocol the size decides how many failures the cluster survives: more than half must stay reachable.',
  },
  protocol: {
    title: 'protocol',
    text: 'Which replication or coordination algorithm the nodes run. Its options are listed by completion inside the block; hover an option for its unit and default.',
  },
  network: {
    title: 'network',
    text: 'How messages travel between nodes: delay, loss, duplication, reordering and bandwidth, with per-link overrides. Real networks do all of these; a design that assumes otherwise is relying on one of the fallacies of distributed computing.',
    pattern: 'Fallacies 1–3 and 8: the network is reliable, latency is zero, bandwidth is infinite, the network is homogeneous',
  },
  latency: {
    title: 'latency',
    text: 'How long a message takes on the wire: fixed (`5ms`), uniform in a range (`2ms..10ms`), `normal MEAN sd SD` or `exponential MEAN`. Nothing in a distributed system is instant, and a slow reply looks exactly like a lost one until it arrives.',
    pattern: 'Fallacy 2: latency is zero',
  },
  drop: {
    title: 'drop',
    text: 'The share of messages silently lost. The sender gets no error; it only notices the absence of an answer, and cannot tell whether the request or the reply went missing.',
    pattern: 'Fallacy 1: the network is reliable',
  },
  duplicate: {
    title: 'duplicate',
    text: 'The share of messages delivered twice. A receiver that applies every message it gets, without recognising repeats, will do some work twice.',
  },
  reorder: {
    title: 'reorder',
    text: 'The share of messages held back long enough for later messages to overtake them. Message 2 arriving before message 1 is normal on a real network.',
  },
  bandwidth: {
    title: 'bandwidth',
    text: 'How many bytes per second a link carries (`kbps`, `mbps`, `gbps`). Once a link is full, messages queue and latency grows with the backlog.',
    pattern: 'Fallacy 3: bandwidth is infinite',
  },
  link: {
    title: 'link',
    text: 'Overrides the network settings for one pair of nodes: `<->` for both directions, `->` for one. Links are rarely alike — a cross-region hop can be a hundred times slower than a rack-local one.',
    pattern: 'Fallacy 8: the network is homogeneous',
  },
  region: {
    title: 'region',
    text: 'Groups nodes by location. Regions are used by the linter: nodes in different regions should not all share one small latency.',
  },
  normal: { title: 'normal latency', text: 'Latency drawn from a bell curve with the given mean and standard deviation (`normal 5ms sd 2ms`), never below zero.' },
  exponential: {
    title: 'exponential',
    text: 'For latency: a long-tailed distribution with the given mean — most messages are quick, a few are very slow. For backoff: each retry waits about twice as long as the one before, up to a cap.',
  },
  sd: { title: 'sd', text: 'Standard deviation of a normal latency distribution: how far a typical message strays from the mean.' },
  clock: {
    title: 'clock',
    text: "A node's local clock: a fixed offset (`skew`) and a rate error (`drift`, in parts per million). No two machines agree on the time exactly, so timestamps from different nodes cannot order events reliably.",
    pattern: 'No global clock',
  },
  skew: {
    title: 'skew',
    text: 'How far this node\'s clock is ahead (+) or behind (−) true time. Anything that compares timestamps across nodes — last-write-wins, lease expiry — inherits this error.',
    pattern: 'No global clock',
  },
  drift: {
    title: 'drift',
    text: 'How fast this clock gains or loses time, in parts per million: 40ppm is about 3.5 seconds a day. Synchronisation (NTP) narrows the gap but never closes it.',
  },
  workload: { title: 'workload', text: 'The clients that use the cluster, what they do, how often, and how they react to slowness and failure.' },
  client: {
    title: 'client',
    text: 'One client (or `client web * 100` for a hundred identical ones). Its operations are recorded in the history the checkers grade; a reply that never came is recorded as indeterminate, not as failed.',
  },
  read: { title: 'read', text: 'Reads the current value of the keys.' },
  write: { title: 'write', text: 'Writes a new unique value to a key, so the checkers can tell exactly which write a read observed.' },
  cas: { title: 'cas', text: 'Compare-and-set: writes only if the key still holds the expected value. The building block of locks and optimistic concurrency.' },
  append: { title: 'append', text: 'Appends a unique element to a list-valued key; lost or duplicated appends are directly visible in the final list.' },
  increment: { title: 'increment', text: 'Adds one to a counter. Not idempotent: applied twice, it counts twice — the classic victim of retries.' },
  transfer: { title: 'transfer', text: 'A transaction, for `two_phase_commit`: writes a unique value to its key on every participant, or on none. A read that finds one participant with the value and another without it has caught a transaction half done.' },
  lock: { title: 'lock', text: 'Acquires the lock named by the key, writes while holding it and releases it.' },
  request: { title: 'request', text: 'A generic request to a service (for the `service` protocol): it costs capacity, may hit a cache and may time out.' },
  every: { title: 'every', text: 'How often: one operation (or fault) per interval; a range draws each interval anew from the seed.' },
  timeout: {
    title: 'timeout',
    text: 'How long the client waits for a reply before giving up. Giving up does not mean the operation failed: it may have taken effect and only the reply was lost — the outcome is unknown. Without a timeout a client can wait forever on a dead server.',
    pattern: 'Partial failure: slow and dead look the same',
  },
  retry: {
    title: 'retry',
    text: 'How many times a timed-out or failed operation is sent again (`retry forever` for no limit). Each retry of a non-idempotent operation risks applying it twice, and unlimited retries turn an outage into an overload.',
  },
  forever: { title: 'retry forever', text: 'No limit on retries. During an outage every client keeps sending, so the load on a recovering server only grows.' },
  backoff: {
    title: 'backoff',
    text: 'How long to wait between retries: `none`, `constant`, or `exponential` (doubling up to a cap). Waiting longer each time gives an overloaded server room to recover.',
    pattern: 'Thundering herd',
  },
  jitter: {
    title: 'jitter',
    text: 'Randomness added to each backoff delay (`full`, `equal`, `decorrelated`). Without it, clients that failed together retry together, in synchronized waves that knock a recovering service over again.',
    pattern: 'Thundering herd',
  },
  idempotency: {
    title: 'idempotency key',
    text: 'Every attempt of one operation carries the same key; the server remembers keys it has applied (for `ttl`) and answers a repeat with the saved result instead of doing the work again. This turns at-least-once delivery into effectively-once. The TTL must outlast the retry window.',
    pattern: 'At-least-once delivery',
  },
  key: { title: 'key', text: 'See `idempotency key`: a per-operation identifier that lets the server recognise retries.' },
  ttl: { title: 'ttl', text: 'How long something stays valid: an idempotency key the server remembers, or a lease the holder must renew.' },
  from: { title: 'from', text: 'In a client: which nodes reads go to (`leader`, `primary`, `any`, `replicas`, `follower`). In faults: the start of a window (`from 1s to 4s ...`).' },
  any: { title: 'read from any', text: 'Reads go to whichever node is at hand. A replica that lags behind answers with old data, so a client may miss its own write or see time go backwards.' },
  replicas: { title: 'read from replicas', text: 'Reads go to non-primary copies. They spread the load, but under asynchronous replication those copies can be behind.' },
  follower: { title: 'read from follower', text: 'Reads go to a follower, which may not have applied the latest committed entries yet.' },
  leader: { title: 'leader', text: 'The node that orders writes. Reading from it is the simplest way to see the latest committed value (as long as it really still is the leader).' },
  primary: { title: 'primary', text: 'The node that accepts writes in primary/backup replication. Reading from it sees every acknowledged write.' },
  closed: { title: 'closed loop', text: 'The client waits for each operation to finish before starting the next, so a slow system automatically receives less load.' },
  loop: { title: 'closed loop', text: 'The client waits for each operation to finish before starting the next, so a slow system automatically receives less load.' },
  start: { title: 'start at', text: 'When the client begins issuing operations (virtual time from the start of the run).' },
  stop: { title: 'stop at', text: 'When the client stops issuing new operations; operations already in flight still finish or time out.' },
  faults: {
    title: 'faults',
    text: 'What goes wrong and when: crashes, pauses, partitions, loss windows and clock jumps, at fixed times, in time windows or at random per seed.',
    pattern: 'Partial failure',
  },
  at: { title: 'at', text: 'When a fault happens. A range (`at 2s..4s`) draws the moment from the seed, so each seed tells a different story.' },
  to: { title: 'to', text: 'The end of a fault window (`from 1s to 4s ...`).' },
  for: { title: 'for', text: 'How long something lasts: a pause, or each random fault before it is undone.' },
  random: { title: 'random', text: 'Swarm testing: faults whose times, victims and durations are drawn from the seed. Running many seeds explores many different failure stories.' },
  on: { title: 'on', text: 'Restricts random faults to these nodes.' },
  expect: {
    title: 'expect',
    text: 'The properties the run must satisfy. After the run, the checkers grade the recorded history against each line; a violation points at the operations and the moment that broke it.',
  },
  after: { title: 'after', text: 'The event a time bound is measured from: `start`, `heal`, `crash`, `partition` or `restart`.' },
  within: { title: 'within', text: 'A time bound for an expectation.' },
  full: { title: 'full jitter', text: 'Each delay is drawn uniformly between zero and the backoff value: the widest spread, the least synchronized retries.' },
  equal: { title: 'equal jitter', text: 'Half of the backoff value is kept, the other half is random: retries stay spread out but never come back immediately.' },
  decorrelated: { title: 'decorrelated jitter', text: 'Each delay is drawn between the base and three times the previous delay, capped: spreads retries without tying them to the attempt number.' },
  none: { title: 'none', text: 'Switches the feature off.' },
  constant: { title: 'constant backoff', text: 'The same wait before every retry. Better than none, but a crowd that failed together still retries together.' },
  raft: {
    title: 'raft',
    text: 'Consensus by a single elected leader. Followers that hear nothing for a randomised election timeout stand as candidates and ask for votes; a candidate with votes from a majority leads that term and replicates its log; an entry is committed once a majority has stored it. Only the side of a partition that holds a majority can elect a leader and commit.',
  },
  primary_backup: {
    title: 'primary_backup',
    text: 'One primary takes writes and ships them to backups. Synchronous shipping waits for the backups before acknowledging (no loss, one extra round trip); asynchronous acknowledges first (fast, but a failover can lose acknowledged writes).',
  },
  leaderless: {
    title: 'leaderless',
    text: 'Dynamo-style replication: any replica takes writes; a write goes to N replicas and succeeds after W acknowledgements, a read asks R replicas. Reads see the latest write only when R + W > N, so that read and write sets always overlap.',
  },
  two_phase_commit: {
    title: 'two_phase_commit',
    text: 'Atomic commit across participants: the coordinator asks everyone to prepare (they lock and vote), then tells everyone to commit or abort. It blocks: if the coordinator dies after the votes and before the decision, participants wait with their locks held until it returns.',
  },
  saga: {
    title: 'saga',
    text: 'A long transaction split into local steps, each with a compensating step. If one step fails, the completed ones are undone in reverse order. Not isolated: readers can see intermediate states that are later compensated.',
  },
  lease_lock: {
    title: 'lease_lock',
    text: 'A lock that expires unless renewed. If the holder pauses (GC, VM freeze) past its lease, someone else gets the lock while the first still believes it holds it. Fencing tokens — a number that grows with each grant, checked by storage — stop the stale holder\'s writes.',
  },
  service: {
    title: 'service',
    text: 'A model of a service tier: capacity, a cache, health checks and a load balancer. Used to show overload patterns such as the thundering herd and the cache stampede, and why a shallow health check keeps sending traffic to a broken instance.',
  },
  'health check': {
    title: 'health check — liveness or readiness?',
    text: 'A load balancer can ask an instance two different questions. *Liveness*: is the process up and answering? *Readiness*: can it do useful work right now, with the things it depends on (its database, a downstream service) reachable? A `shallow` check asks only the first, so an instance that lost its database keeps passing and keeps receiving requests it can only fail. A `deep` check asks the second and takes such an instance out of rotation. Its cost: when a dependency every instance shares goes down, every check fails together and nothing is left in rotation. Liveness is what should decide a restart; readiness is what should decide routing.',
    pattern: 'health checks',
  },
  shallow: {
    title: 'shallow health check (liveness)',
    text: 'The instance is judged healthy as long as its process answers, whether or not its dependencies work. Cheap and never takes the whole tier down, but it keeps routing traffic to an instance that can no longer serve it.',
    pattern: 'health checks',
  },
  deep: {
    title: 'deep health check (readiness)',
    text: 'The instance is judged healthy only when it can reach what it needs (here: the database). A broken instance leaves rotation after a few failed checks; when the shared database itself is down, every instance fails the check at once.',
    pattern: 'health checks',
  },
};

/** The protocol names, in the order completion offers them. */
export const protocolNames = ['raft', 'primary_backup', 'leaderless', 'two_phase_commit', 'saga', 'lease_lock', 'service'] as const;
