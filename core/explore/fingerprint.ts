// The fingerprint of a whole World: every node's (cached) fingerprint in order, the messages in
// flight as a multiset (their fingerprints sorted, so the order they were sent in does not
// count), the clients, the fault budget spent, the partition, and — when an expectation reads
// them — the ghost history and trace without their times: the checks depend on the order of
// those events, which the list keeps, not on the step numbers they carry.

import { finish, Hasher } from './hash.ts';
import type { World } from './world.ts';

const hasher = new Hasher();
let scratch = new Float64Array(64);

export type Fingerprint = { hi: number; lo: number };

export function fingerprint(world: World, out: Fingerprint): void {
  const h = hasher;
  h.reset();
  h.number(world.now);
  for (const node of world.nodes) {
    h.word(node.hi);
    h.word(node.lo);
  }
  const count = world.messages.length;
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, scratch.length * 2));
  // One double per message (hi * 2^32 + lo, exact below 2^53 only for hi's low 21 bits — so the
  // pair is folded first): sorting typed numbers is far cheaper than sorting pairs.
  // A handful of messages are in flight: insertion sort in place, since sorting a subarray view
  // would allocate the view for every state. Many (up to MAX_IN_FLIGHT): the typed sort.
  const small = count <= 32;
  for (let i = 0; i < count; i++) {
    const m = world.messages[i]!;
    const v = (m.hi >>> 11) * 4294967296 + (m.lo >>> 0);
    let j = i;
    while (small && j > 0 && scratch[j - 1]! > v) {
      scratch[j] = scratch[j - 1]!;
      j--;
    }
    scratch[j] = v;
  }
  if (!small) scratch.subarray(0, count).sort();
  h.word(count);
  for (let i = 0; i < count; i++) {
    const v = scratch[i]!;
    h.word(Math.floor(v / 4294967296));
    h.word(v >>> 0);
  }
  for (const client of world.clients) {
    h.word(client.issued);
    const op = client.pending;
    if (op === null) h.word(-1);
    else {
      h.word(op.opId);
      h.word(op.requestId);
    }
  }
  h.word(world.nextOpId);
  h.word(world.nextAttempt);
  h.word(world.crashes);
  h.word(world.drops);
  h.word(world.partitions);
  h.word(world.isolated);
  ghostFingerprint(world);
  h.word(ghost.hi);
  h.word(ghost.lo);
  out.hi = finish(h.hi);
  out.lo = finish(h.lo);
}

// The ghost state (history, trace, who led which term) changes in few steps and is shared by
// reference otherwise (step.ts copies it only when it grows), so its own hash is remembered for
// the last arrays seen: successors of one state mostly share them, and a long history is then not
// walked again for each of them.
const ghostHasher = new Hasher();
const ghost = { history: null as unknown, trace: null as unknown, leaders: null as unknown, second: null as string | null, hi: 0, lo: 0 };

function ghostFingerprint(world: World): void {
  if (world.history === ghost.history && world.trace === ghost.trace && world.leaders === ghost.leaders && world.secondLeader === ghost.second) return;
  const h = ghostHasher;
  h.reset();
  h.word(world.history.length);
  for (const e of world.history) {
    h.string(e.type);
    h.word(e.opId);
    h.value(e.value);
    h.value(e.node);
  }
  h.word(world.trace.length);
  for (const e of world.trace) {
    h.string(e.kind);
    if (e.kind === 'apply') {
      h.string(e.node);
      h.word(e.op);
      h.value(e.via);
      h.value(e.term);
    } else if (e.kind === 'state') {
      h.string(e.node);
      h.value(e.state['role']);
      h.value(e.state['term']);
      h.value(e.state['leader']);
      h.value(e.state['dropped']);
    } else if (e.kind === 'crash' || e.kind === 'restart') h.string(e.node);
  }
  h.word(world.leaders.length);
  for (const leader of world.leaders) h.string(leader);
  h.word(world.secondLeader === null ? 0 : 1);
  ghost.history = world.history;
  ghost.trace = world.trace;
  ghost.leaders = world.leaders;
  ghost.second = world.secondLeader;
  ghost.hi = h.hi;
  ghost.lo = h.lo;
}
