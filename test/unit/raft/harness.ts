// Drives Raft's handlers by hand, without the engine: each call returns the effects it pushed,
// so a test reads like a step of the paper ("n2 receives RequestVote from n1 ...").

import type { ClientRequest, Effect, NodeContext } from '../../../core/sim/protocol.ts';
import { raft } from '../../../core/protocols/raft/index.ts';
import type { LogEntry, RaftMessage, RaftState } from '../../../core/protocols/raft/types.ts';
import type { OptionValue } from '../../../core/types/sim-config.ts';

export type Fx = Effect<RaftMessage>[];

export class HandNode {
  readonly ctx: { self: string; nodes: string[]; options: Record<string, OptionValue>; now: number };
  state: RaftState;
  constructor(self: string, nodes: string[] = ['n1', 'n2', 'n3'], options: Record<string, OptionValue> = {}) {
    this.ctx = { self, nodes, options, now: 0 };
    this.state = raft.init(this.ctx as NodeContext, []);
  }
  /** Replaces the log with entries of these terms (commands are distinct writes). */
  withLog(terms: number[]): this {
    this.state.log.entries = terms.map((term, i) => entry(term, i + 1));
    return this;
  }
  withTerm(term: number): this {
    this.state.currentTerm = term;
    return this;
  }
  receive(from: string, message: RaftMessage): Fx {
    const out: Fx = [];
    raft.onMessage(this.state, from, message, this.ctx as NodeContext, out);
    return out;
  }
  timer(name: string): Fx {
    const out: Fx = [];
    raft.onTimer(this.state, name, this.ctx as NodeContext, out);
    return out;
  }
  request(request: Partial<ClientRequest> & { op: string; key: string }): Fx {
    const out: Fx = [];
    raft.onClientRequest(this.state, { requestId: 1, opId: 1, client: 'c', value: null, ...request }, this.ctx as NodeContext, out);
    return out;
  }
  logTerms(): number[] {
    return this.state.log.entries.map((e) => e.term);
  }
}

let requestIds = 1000;
export function entry(term: number, tag: number): LogEntry {
  const id = requestIds++;
  return { term, command: { requestId: id, opId: id, op: 'write', key: 'x', value: tag, idempotencyKey: undefined, idempotencyTtlUs: undefined, proposedAt: 0 } };
}

export function sends(out: Fx, type?: string): Array<{ to: string; message: RaftMessage }> {
  return out.flatMap((e) => (e.kind === 'send' && (type === undefined || e.type === type) ? [{ to: e.to, message: e.message }] : []));
}

export function only<T>(items: T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one, got ${items.length}`);
  return items[0]!;
}

/** Makes `node` the leader of `term` by giving it votes from the listed peers. */
export function electLeader(node: HandNode, voters: string[]): Fx {
  const out: Fx = node.timer('election');
  const term = node.state.currentTerm;
  for (const voter of voters) out.push(...node.receive(voter, { kind: 'RequestVoteReply', term, granted: true }));
  if (node.state.role !== 'leader') throw new Error(`${node.ctx.self} did not become leader`);
  return out;
}
