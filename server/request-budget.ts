// A request's time budget: a deadline fixed when the request arrives, checked in the loops that
// walk the document. When it passes (or the client cancelled the request) the loop stops and
// the feature answers with what it has: the symbols, folds, tokens, hints or lenses found so
// far, or nothing where a part would mislead (formatting). The guard in server.ts logs it.
//
// Handlers run synchronously, so a `$/cancelRequest` that arrives while one runs is read only
// after it returns; the token is checked before the work starts (a request cancelled while
// queued is answered RequestCancelled at once) and by every check here.

import type { CancellationToken } from 'vscode-languageserver';

/** Items walked between two reads of the clock: a check costs a counter increment. */
const ITEMS_PER_CLOCK_READ = 256;

export class RequestBudget {
  private readonly deadline: number;
  private itemsSinceClockRead = 0;
  private ranOut = false;

  constructor(
    readonly budgetMs: number,
    private readonly token?: CancellationToken,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + budgetMs;
  }

  /** True once the deadline has passed or the request was cancelled; call it once per item. */
  exhausted(): boolean {
    if (this.ranOut) return true;
    if (++this.itemsSinceClockRead < ITEMS_PER_CLOCK_READ) return false;
    this.itemsSinceClockRead = 0;
    this.ranOut = this.token?.isCancellationRequested === true || this.now() >= this.deadline;
    return this.ranOut;
  }

  /** Whether a loop stopped early because of this budget. */
  get exceeded(): boolean {
    return this.ranOut;
  }
}

/** For callers outside a request (the CLI's formatter, tests): never runs out. */
export const NO_BUDGET = new RequestBudget(Number.POSITIVE_INFINITY);
