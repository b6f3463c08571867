// The quorum strip in words: a short label drawn on the strip and a full sentence for the details
// line, in the protocol's own words (core/explain/authority.ts). A holder's standing is told per
// side: a Raft leader on a minority side "cannot commit new writes", never "available". Not a bare
// "cannot commit": what a majority stored before the cut (or before its nodes paused) may still
// commit when the last acknowledgement arrives from the leader's own side.

import { authorityWords, noHolderReason, holderWithTerm, type AuthorityWords } from '../../core/explain/authority.ts';
import type { ProtocolName } from '../../core/types/sim-config.ts';
import type { Holder, QuorumSegment, QuorumSide } from './quorum-strip.ts';

export type QuorumWords = { label: string; sentence: string };

export function describeQuorum(segment: QuorumSegment, protocol: ProtocolName, nodeCount: number): QuorumWords {
  const words = authorityWords(protocol);
  if (segment.sides.length === 0) return { label: 'every node is down', sentence: `All ${nodeCount} nodes are down: nothing can answer.` };
  if (words === null) return sidesOnly(segment, protocol, nodeCount);
  return words.needsMajority ? byMajority(segment, words, nodeCount) : byHolder(segment, words, nodeCount);
}

function listNodes(nodes: readonly string[]): string {
  return nodes.join(', ');
}

function geometry(sides: readonly QuorumSide[]): string {
  return sides.map((s) => listNodes(s.nodes)).join(' | ');
}

function holders(list: readonly Holder[], words: AuthorityWords): string {
  return list.map((h) => holderWithTerm(h.node, h.term, words)).join(', ');
}

/** Raft: only a leader on the side holding a majority of the whole cluster can commit. */
function byMajority(segment: QuorumSegment, words: AuthorityWords, nodeCount: number): QuorumWords {
  const majoritySide = segment.sides.find((s) => s.majority);
  const stranded = segment.sides.filter((s) => !s.majority).flatMap((s) => s.holders);
  const strandedLabel = stranded.length === 0 ? '' : ` · ${holders(stranded, words)} on a minority side, cannot commit new writes`;
  const strandedSentence =
    stranded.length === 0
      ? ''
      : ` ${holders(stranded, words)} still ${stranded.length === 1 ? 'believes it is' : 'believe they are'} ${words.holder} but ${stranded.length === 1 ? 'is' : 'are'} on a minority side: it cannot reach a majority, so no write it takes from now on can commit.`;
  const split = segment.sides.length > 1 ? ` Sides: ${geometry(segment.sides)}.` : '';
  if (majoritySide === undefined) {
    return {
      label: `NO MAJORITY: largest side ${segment.largestGroup}, ${segment.majority} needed${strandedLabel}`,
      // Not "nothing can commit": nodes out of reach keep what they stored, so an entry that enough
      // of them stored before a pause, crash or cut still commits (the theorem sweep found one).
      sentence: `No side holds a majority (largest ${segment.largestGroup} of ${nodeCount}, ${segment.majority} needed): no ${words.holder} can gather a majority now, so a new entry commits only if nodes now out of reach stored it before.${split}${strandedSentence}`,
    };
  }
  const size = `${majoritySide.nodes.length} of ${nodeCount}`;
  if (majoritySide.holders.length === 0) {
    return {
      label: `majority ${size} · no ${words.holder} on it yet${strandedLabel}`,
      sentence: `The majority side ${listNodes(majoritySide.nodes)} (${size}) has no ${words.holder} yet, so nothing commits on it until it elects one.${split}${strandedSentence}`,
    };
  }
  const leads = holders(majoritySide.holders, words);
  return {
    label: `majority ${size} · ${words.holder} ${leads} · can lose ${segment.toleranceLeft}${strandedLabel}`,
    sentence: `${leads} ${majoritySide.holders.length === 1 ? 'leads' : 'lead'} the majority side ${listNodes(majoritySide.nodes)} (${size}, a majority needs ${segment.majority}) and can commit; it can lose ${segment.toleranceLeft} more.${split}${strandedSentence}`,
  };
}

/** Primary/backup and lease locks: the holder answers from whichever side it is on. */
function byHolder(segment: QuorumSegment, words: AuthorityWords, nodeCount: number): QuorumWords {
  const all = segment.sides.flatMap((s) => s.holders);
  const connected = segment.sides.length === 1 ? `all ${segment.sides[0]!.nodes.length} of ${nodeCount} running nodes connected` : `${segment.sides.length} sides: ${geometry(segment.sides)}`;
  if (all.length === 0) {
    return { label: `${connected} · no ${words.holder}`, sentence: `${connected}; no node is ${words.holder}, so writes wait.` };
  }
  const perSide = segment.sides.map((s) => (s.holders.length === 0 ? `no ${words.holder} on ${listNodes(s.nodes)}` : `${words.holder} ${holders(s.holders, words)}${segment.sides.length > 1 ? ` on ${listNodes(s.nodes)}` : ''}`));
  const several = all.length > 1 ? ` ${all.length} nodes believe they are ${words.holder} at once.` : '';
  return { label: `${connected} · ${perSide.join(' · ')}`, sentence: `${connected}; ${perSide.join('; ')}.${several}` };
}

/** 2PC, sagas, leaderless stores, services: nobody is elected, so only the sides are told. */
function sidesOnly(segment: QuorumSegment, protocol: ProtocolName, nodeCount: number): QuorumWords {
  const connected = segment.sides.length === 1 ? `all ${segment.sides[0]!.nodes.length} of ${nodeCount} running nodes connected` : `${segment.sides.length} sides: ${geometry(segment.sides)}`;
  return { label: connected, sentence: `${connected}. Leaders: ${noHolderReason(protocol)}.` };
}
