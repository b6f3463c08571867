// Message fault lines: `at T drop next TYPE A -> B`, `duplicate next ...`, `delay next ... by D`,
// `deliver next ...`, and the same four naming one message by its send time, `at T drop TYPE A -> B
// sent at S` (docs/language.md, "Faults on one message"). This file says which message a line
// picks and what each effect does to it; the engine (engine.ts) applies it, because the messages
// in flight are its own.
//
// Which message "next" is, at the moment T the line fires:
//   1. the earliest-sent message of type TYPE from A to B that is still on the network at T
//      (sent, not yet arrived; a message held by a paused receiver has arrived, one the network
//      lost at send never travelled), earliest by message id, the first copy of a duplicate;
//   2. when there is none, the first such message put on the network after T (the line waits).
// Which message "sent at S" is: the one of type TYPE from A to B sent at exactly S (to the
// microsecond) that is still on the network at T, the first copy of a duplicate, and the first
// sent when two were sent at that same microsecond. When there is none, the line notes it and does
// nothing: it never waits and never takes another message, because it was written for that one
// (the playground writes it for a message that is not the "next" of its kind).
// Same-instant order is the queue's: a line at T acts after every event queued earlier for T.
// Nothing is drawn from any random stream, so a fork saved as `at T ...` replays event for event.
//
// What happens to it:
//   drop       it never arrives: at the time it would have arrived the trace shows a drop.
//   duplicate  a second copy arrives at the same time, right after the first.
//   delay D    it arrives D later than it would have (later messages on the link may overtake it).
//   deliver    it arrives now: at T when it was in flight (before anything else pending at T),
//              else the moment it is sent. An arrival is judged as any other (a cut link or a
//              crashed receiver still drops it; a paused receiver holds it).
//
// Cost: a run without such a line never looks at any of this (the engine swaps in its watching
// send only when one exists, see Engine.watchMessages).

import type { FaultAction, MessageEffect, Micros } from '../types/sim-config.ts';

export type MessageFaultAction = Extract<FaultAction, { type: 'message' }>;

/** A line waiting for the next message sent on its link (case 2 above). */
export type MessageRule = {
  effect: MessageEffect;
  messageType: string;
  from: number;
  to: number;
  delayUs: Micros;
  line: number | undefined;
  /** The line as written (`drop next AppendEntries n1 -> n2`), for the note when it takes its message. */
  text: string;
};
