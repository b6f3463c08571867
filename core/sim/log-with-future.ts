// An append-only log of a run (trace, history, timeline) that time travel cuts back when the
// cursor goes back — keeping what it cut as "the future". The run is deterministic, so until the
// run forks that future is exactly what a re-run would append again: jumping forward to a
// checkpoint puts it back instead of re-running every event in between.

export class LogWithFuture<T> {
  /** Entries cut off, the first of which sat at index `futureStart`. */
  private future: T[] = [];
  private futureStart = 0;

  constructor(readonly log: T[]) {}

  /** Cuts the log back to `length`, keeping the cut entries ahead of any older future. */
  cutTo(length: number): void {
    const log = this.log;
    if (length >= log.length) return;
    const cut = log.slice(length);
    const beyond = log.length >= this.futureStart ? this.future.slice(log.length - this.futureStart) : [];
    this.future = beyond.length === 0 ? cut : cut.concat(beyond);
    this.futureStart = length;
    log.length = length;
  }

  /** True when the future holds every entry up to `length` (from the log's current end). */
  canExtendTo(length: number): boolean {
    return this.log.length >= this.futureStart && length - this.futureStart <= this.future.length;
  }

  /** Puts the future back up to `length` (canExtendTo must hold). */
  extendTo(length: number): void {
    const log = this.log;
    for (let i = log.length - this.futureStart; i < length - this.futureStart; i++) log.push(this.future[i]!);
  }

  /** The run forked: what was ahead will not happen. */
  forgetFuture(): void {
    this.future = [];
    this.futureStart = this.log.length;
  }
}
