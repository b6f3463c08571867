// The play worker: a second copy of the simulation worker that keeps one run open for time travel
// (core/debug/playable-run.ts) and answers one request at a time. Moves coalesce: while a request
// is being answered, a newer move replaces an older one still waiting (scrubbing the slider sends
// dozens; only the last position matters), while actions, undo and save are kept in order.

import { decodeRun, type PackedRun } from './model/packed-run.ts';
import type { MessageQuery, RunInspection } from '../core/debug/message-inspection.ts';
import type { Landmark, PlaySnapshot } from '../core/debug/playable-run.ts';
import type { MessageAction } from '../core/debug/scenario-fork.ts';
import type { PlayMove, PlayReply, PlayRequest, WorkerReply } from './worker-protocol.ts';

export type PlayUpdate = { snapshot: PlaySnapshot; run?: PackedRun; note?: string; refused?: boolean };

/** Requests kept waiting at most (a stuck worker must not grow the queue without bound). */
const MAX_WAITING = 32;

type Waiting = { request: PlayRequestBody; resolve: (reply: PlayReply) => void };
type PlayRequestBody = PlayRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class PlayController {
  private worker: Worker | null = null;
  private nextId = 1;
  private inFlight: (Waiting & { id: number }) | null = null;
  private waiting: Waiting[] = [];

  constructor(private readonly workerUrl: () => Promise<string>) {}

  /** Opens a run for playing in a fresh worker (the previous one, if any, is ended). */
  async open(request: { text: string; scenario?: string; seed?: number; maxEvents?: number }): Promise<PlayUpdate | string> {
    this.close();
    const url = await this.workerUrl();
    const worker = new Worker(url);
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      if (this.worker !== worker) return;
      const reply = event.data;
      if (reply.type !== 'play-state' && reply.type !== 'play-saved' && reply.type !== 'play-failed' && reply.type !== 'play-inspected') return;
      const done = this.inFlight;
      if (done === null || done.id !== reply.id) return;
      this.inFlight = null;
      done.resolve(reply);
      this.pump();
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      const done = this.inFlight;
      this.inFlight = null;
      done?.resolve({ type: 'play-failed', id: done.id, message: event.message || 'the play worker failed' });
      for (const w of this.waiting.splice(0)) w.resolve({ type: 'play-failed', id: 0, message: 'the play worker failed' });
    };
    return this.asUpdate(await this.send({ type: 'play-open', ...request }));
  }

  get isOpen(): boolean {
    return this.worker !== null;
  }

  move(move: PlayMove): Promise<PlayUpdate | string> {
    return this.send({ type: 'play-move', move }).then((reply) => this.asUpdate(reply));
  }
  jump(kind: Landmark, direction: 1 | -1): Promise<PlayUpdate | string> {
    return this.move({ jump: kind, direction });
  }
  act(action: string): Promise<PlayUpdate | string> {
    return this.send({ type: 'play-act', action }).then((reply) => this.asUpdate(reply));
  }
  /** Drop / duplicate / delay / deliver the message `message` (its trace id) in flight at the cursor. */
  actOnMessage(message: number, action: MessageAction, delay?: string): Promise<PlayUpdate | string> {
    return this.send({ type: 'play-message', message, action, ...(delay === undefined ? {} : { delay }) }).then((reply) => this.asUpdate(reply));
  }
  undo(): Promise<PlayUpdate | string> {
    return this.send({ type: 'play-undo' }).then((reply) => this.asUpdate(reply));
  }
  async save(): Promise<{ name: string; scenarioText: string; fileText: string } | string> {
    const reply = await this.send({ type: 'play-save' });
    if (reply.type === 'play-saved') return { name: reply.name, scenarioText: reply.scenarioText, fileText: reply.fileText };
    return reply.type === 'play-failed' ? reply.message : 'unexpected answer from the play worker';
  }

  /** The payload of a message of the shown timeline, and the timers its delivery changed. */
  async inspect(query: MessageQuery): Promise<RunInspection | string> {
    const reply = await this.send({ type: 'play-inspect', query });
    if (reply.type === 'play-inspected') return reply.inspection;
    return reply.type === 'play-failed' ? reply.message : 'unexpected answer from the play worker';
  }

  close(): void {
    this.worker?.terminate();
    this.worker = null;
    const pending = [...(this.inFlight === null ? [] : [this.inFlight]), ...this.waiting.splice(0)];
    this.inFlight = null;
    for (const w of pending) w.resolve({ type: 'play-failed', id: 0, message: 'closed' });
  }

  private send(request: PlayRequestBody): Promise<PlayReply> {
    return new Promise((resolve) => {
      if (this.worker === null) return resolve({ type: 'play-failed', id: 0, message: 'Time travel is not ready yet.' });
      if (request.type === 'play-move') {
        // Only the newest waiting move matters: the older one is answered as superseded.
        const older = this.waiting.findIndex((w) => w.request.type === 'play-move');
        if (older >= 0) this.waiting.splice(older, 1)[0]!.resolve({ type: 'play-failed', id: 0, message: 'superseded' });
      }
      if (this.waiting.length >= MAX_WAITING) return resolve({ type: 'play-failed', id: 0, message: 'Too many requests are waiting for the play worker.' });
      this.waiting.push({ request, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight !== null || this.worker === null) return;
    const next = this.waiting.shift();
    if (next === undefined) return;
    const id = this.nextId++;
    this.inFlight = { ...next, id };
    this.worker.postMessage({ ...next.request, id } as PlayRequest);
  }

  private asUpdate(reply: PlayReply): PlayUpdate | string {
    if (reply.type === 'play-failed') return reply.message;
    if (reply.type !== 'play-state') return 'unexpected answer from the play worker';
    return {
      snapshot: reply.snapshot,
      ...(reply.run === undefined ? {} : { run: decodeRun(reply.run) }),
      ...(reply.note === undefined ? {} : { note: reply.note }),
      ...(reply.refused === undefined ? {} : { refused: reply.refused }),
    };
  }
}
