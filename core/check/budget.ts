// A budget for searches that can blow up (linearizability and sequential consistency are
// NP-complete in general). Core never reads a clock: the host passes a deadline callback.

export type Budget = {
  /** Stop after this many search steps (deterministic). */
  maxSteps?: number;
  /** Polled every few thousand steps; returning true stops the search (e.g. a wall-clock timeout). */
  expired?: () => boolean;
};

export class BudgetTracker {
  steps = 0;
  private readonly maxSteps: number;
  private readonly expired: (() => boolean) | undefined;
  /** Why the budget ran out, once it has. */
  spent: string | null = null;

  constructor(budget: Budget | undefined) {
    this.maxSteps = budget?.maxSteps ?? Number.POSITIVE_INFINITY;
    this.expired = budget?.expired;
  }

  /** Steps left before maxSteps (Infinity when unbounded). */
  get remaining(): number {
    return Math.max(0, this.maxSteps - this.steps);
  }

  /** Counts `n` steps; false once the budget is spent. */
  charge(n: number): boolean {
    this.steps += n;
    if (this.steps > this.maxSteps) {
      this.spent = `the search gave up after ${this.maxSteps} steps`;
      return false;
    }
    if (this.expired !== undefined && this.expired()) {
      this.spent = `the search ran out of time after ${this.steps} steps`;
      return false;
    }
    return true;
  }
}
