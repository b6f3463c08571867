// The simulated network: every directed link between two endpoints (nodes and clients) has its
// properties (latency distribution, loss, duplication, reordering, bandwidth) and its own random
// stream "network:<from>-><to>", so the k-th message on a link meets the same fate whatever
// happens on other links — changing the workload leaves node-to-node decisions untouched.
//
// Semantics (documented in docs too):
// - Links are FIFO, like a TCP connection: a message never overtakes an earlier one on the same
//   link unless it was chosen for *reordering*, which adds extra delay so later ones overtake it.
// - Bandwidth, when declared, serialises messages on the link: each one occupies the link for
//   bytes / bandwidth, and later ones queue behind it.
// - Loss, duplication and reordering are decided when a message is sent (that is when a real
//   network's dice are thrown: a router queue overflows, a retransmission doubles a packet).
// - Partitions are judged when a message would ARRIVE: a message is dropped if its link is cut at
//   its arrival time. So a partition that starts while a message is in flight loses it (as if the
//   cable was pulled with the bits on it), and a message sent into a partition that heals before
//   it would arrive gets through (the path came back in time). One rule, no special cases, and it
//   is the conservative reading: nothing is delivered across a cut that is active at delivery.
// - A link window (extra loss, delay or duplication for a while) applies to messages sent while
//   it is active.

import type { LinkOverride, LinkProperties, Micros, NetworkConfig } from '../types/sim-config.ts';
import { meanLatency, sampleLatency } from './latency.ts';
import { Rng, streamSeedWords } from './prng.ts';

/** Size of a message whose protocol did not say (an RPC with a small header and payload). */
export const DEFAULT_MESSAGE_BYTES = 128;

/**
 * One directed link: its properties, its state, and — being an Rng itself — its random stream
 * "network:<from>-><to>". One object rather than a link pointing at its properties and its
 * generator: routing a message then touches one object instead of three scattered ones.
 */
class Link extends Rng {
  readonly props: LinkProperties;
  /** The props' probabilities and bandwidth, copied here for the same reason. */
  readonly drop: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly bandwidthBytesPerSec: number;
  /** A uniform latency's bounds, pre-rounded (the common case, sampled inline); span 0 otherwise. */
  readonly uniformMin: Micros;
  readonly uniformSpan: number;
  /** Latest arrival time of a non-reordered message: FIFO order is kept behind it. */
  lastArrival: Micros = 0;
  /** With bandwidth: when the link finishes transmitting what is queued on it. */
  busyUntil: Micros = 0;
  /** How many active partitions cut this link. */
  blockedBy = 0;

  constructor(props: LinkProperties, words: readonly [number, number, number, number]) {
    super(words[0], words[1], words[2], words[3]);
    this.props = props;
    this.drop = props.drop;
    this.duplicate = props.duplicate;
    this.reorder = props.reorder;
    this.bandwidthBytesPerSec = props.bandwidthBytesPerSec;
    const latency = props.latency;
    this.uniformMin = latency.kind === 'uniform' ? Math.round(latency.minUs) : 0;
    this.uniformSpan = latency.kind === 'uniform' ? Math.round(latency.maxUs) - this.uniformMin + 1 : 0;
  }
}

type LinkWindow = {
  id: number;
  untilUs: Micros;
  links: Set<number>;
  drop: number;
  extraLatencyUs: Micros;
  duplicate: number;
};

/** What the network decided for one message; reused between sends (read it right away). */
export type RouteDecision = {
  /** Lost at send time (loss or link window); no arrival. */
  lost: boolean;
  lostReason: string;
  arriveAt: Micros;
  /** Arrival of a duplicate copy, or -1 when not duplicated. */
  duplicateAt: Micros;
};

export class Network {
  readonly endpointCount: number;
  private readonly seed: number;
  private readonly names: readonly string[];
  private readonly defaults: LinkProperties;
  private readonly overrides = new Map<string, LinkProperties>();
  /** links[from][to], filled lazily: two array loads instead of a hash lookup on every send. */
  private readonly linkRows: Array<Array<Link | undefined> | undefined> = [];
  private readonly windows: LinkWindow[] = [];
  private readonly partitions = new Map<number, Set<Link>>();
  private nextId = 1;
  /** Links made so far (lazily, on a pair's first message): what the memory budget prices them by. */
  linkCount = 0;
  private readonly decision: RouteDecision = { lost: false, lostReason: '', arriveAt: 0, duplicateAt: -1 };

  /** A placed client's name → the node whose link settings it takes (client-placement.ts). */
  private readonly linkHomes: ReadonlyMap<string, string>;

  constructor(config: NetworkConfig, endpointNames: readonly string[], seed: number, linkHomes: ReadonlyMap<string, string> = new Map()) {
    this.seed = seed;
    this.linkHomes = linkHomes;
    this.names = endpointNames;
    this.endpointCount = endpointNames.length;
    this.defaults = config.defaults;
    // Later overrides win, field by field, over earlier ones and over the defaults.
    for (const override of config.links) {
      const key = `${override.from}\u0000${override.to}`;
      this.overrides.set(key, mergeLink(this.overrides.get(key) ?? this.defaults, override));
    }
  }

  private link(from: number, to: number): Link {
    let row = this.linkRows[from];
    if (row === undefined) {
      row = [];
      this.linkRows[from] = row;
    }
    let link = row[to];
    if (link === undefined) {
      const fromName = this.names[from]!;
      const toName = this.names[to]!;
      const props = this.overrides.get(`${fromName}\u0000${toName}`) ?? this.homeOverride(fromName, toName) ?? this.defaults;
      link = new Link(props, streamSeedWords(this.seed, `network:${fromName}->${toName}`));
      row[to] = link;
      this.linkCount++;
    }
    return link;
  }

  /**
   * A placed client's link takes its node's settings (`link n1 -> n3 latency 80ms` also slows
   * alice near n1 on her way to n3); the link between a client and its own node keeps the defaults.
   */
  private homeOverride(fromName: string, toName: string): LinkProperties | undefined {
    if (this.linkHomes.size === 0) return undefined;
    const from = this.linkHomes.get(fromName) ?? fromName;
    const to = this.linkHomes.get(toName) ?? toName;
    if (from === to || (from === fromName && to === toName)) return undefined;
    return this.overrides.get(`${from}\u0000${to}`);
  }

  /**
   * Decides the fate of one message sent now. A link draws only for the features it has (a link
   * without loss never draws for loss): its k-th message meets the same fate in every run with
   * the same seed and link settings, whatever happens elsewhere.
   */
  route(from: number, to: number, nowUs: Micros, bytes: number): RouteDecision {
    const link = this.link(from, to);
    const rng: Rng = link; // the link is its own stream
    const decision = this.decision;

    let lost = link.drop > 0 && rng.float() < link.drop;
    let lostReason = 'loss';
    // Uniform latency inline, drawing exactly as sampleLatency would (rng.int), so results match.
    const latency =
      link.uniformSpan > 1 && link.uniformSpan <= 4294967296 && link.uniformMin >= 0
        ? link.uniformMin + Math.floor(rng.float() * link.uniformSpan)
        : sampleLatency(link.props.latency, rng);
    let duplicated = link.duplicate > 0 && rng.float() < link.duplicate;
    const reordered = link.reorder > 0 && rng.float() < link.reorder;
    let extraLatency = 0;
    if (this.windows.length > 0) {
      const key = from * this.endpointCount + to;
      for (const window of this.windows) {
        if (!window.links.has(key)) continue;
        if (window.drop > 0 && rng.float() < window.drop && !lost) {
          lost = true;
          lostReason = 'loss window';
        }
        if (window.duplicate > 0 && rng.float() < window.duplicate) duplicated = true;
        extraLatency += window.extraLatencyUs;
      }
    }

    let departure = nowUs;
    if (link.bandwidthBytesPerSec > 0) {
      // The message waits for the link to finish what is queued, then takes bytes/bandwidth.
      const transmitUs = Math.ceil((bytes * 1_000_000) / link.bandwidthBytesPerSec);
      departure = Math.max(nowUs, link.busyUntil) + transmitUs;
      link.busyUntil = departure;
    }

    decision.lost = lost;
    decision.lostReason = lostReason;
    decision.duplicateAt = -1;
    if (lost) {
      decision.arriveAt = -1;
      return decision;
    }
    let arriveAt = departure + latency + extraLatency;
    if (reordered) {
      // Held back by one to five mean latencies; it does not move the FIFO mark, so later
      // messages overtake it.
      arriveAt += Math.round((1 + 4 * rng.float()) * Math.max(1, meanLatency(link.props.latency)));
    } else {
      if (arriveAt < link.lastArrival) arriveAt = link.lastArrival;
      link.lastArrival = arriveAt;
    }
    decision.arriveAt = arriveAt;
    // The copy arrives one more latency after the original (a retransmission, a doubled packet).
    if (duplicated) decision.duplicateAt = arriveAt + sampleLatency(link.props.latency, rng);
    return decision;
  }

  /** True when an active partition cuts the link from → to. */
  isBlocked(from: number, to: number): boolean {
    if (this.partitions.size === 0) return false;
    const link = this.linkRows[from]?.[to];
    return link !== undefined && link.blockedBy > 0;
  }

  /** Cuts the given directed links until `removePartition(id)` or `healAll()`; returns the id. */
  addPartition(blocked: ReadonlyArray<readonly [number, number]>): number {
    const id = this.nextId++;
    const cut = new Set<Link>();
    for (const [from, to] of blocked) {
      if (from !== to) cut.add(this.link(from, to));
    }
    for (const link of cut) link.blockedBy++;
    this.partitions.set(id, cut);
    return id;
  }

  /** Ends one partition; false when it was already gone (healed). */
  removePartition(id: number): boolean {
    const cut = this.partitions.get(id);
    if (cut === undefined) return false;
    for (const link of cut) link.blockedBy--;
    this.partitions.delete(id);
    return true;
  }

  /** `heal`: removes every partition (link windows stay until they end). */
  healAll(): void {
    for (const id of [...this.partitions.keys()]) this.removePartition(id);
  }

  get activePartitions(): number {
    return this.partitions.size;
  }

  addWindow(
    links: ReadonlyArray<readonly [number, number]>,
    untilUs: Micros,
    drop: number,
    extraLatencyUs: Micros,
    duplicate: number,
  ): number {
    const id = this.nextId++;
    const keys = new Set<number>();
    for (const [from, to] of links) if (from !== to) keys.add(from * this.endpointCount + to);
    this.windows.push({ id, untilUs, links: keys, drop, extraLatencyUs, duplicate });
    return id;
  }

  removeWindow(id: number): void {
    const index = this.windows.findIndex((window) => window.id === id);
    if (index >= 0) this.windows.splice(index, 1);
  }
}

function mergeLink(base: LinkProperties, override: LinkOverride): LinkProperties {
  return {
    latency: override.latency ?? base.latency,
    drop: override.drop ?? base.drop,
    duplicate: override.duplicate ?? base.duplicate,
    reorder: override.reorder ?? base.reorder,
    bandwidthBytesPerSec: override.bandwidthBytesPerSec ?? base.bandwidthBytesPerSec,
  };
}
