// A budget for searches that can blow up (linearizability and sequential consistency are
// NP-complete in general). Core never reads a clock: the host passes a deadline callback.

export type Budget = {
  /** Stop after this many search steps (deterministic). */
  maxSteps?: number;
  /** Polled every few thousand steps; returning true stops the search (e.g. a wall-clock timeout). */
  expired?: () => boolean;
  /**
   * Bytes the searches' memo tables may hold together (default MEMO_BYTES). A search whose memo
   * would outgrow it stops as undecided, saying so, instead of dying in an allocation.
   */
  maxMemoBytes?: number;
  /**
   * A run's grading only: a history with more operations than this is not graded by the
   * consistency ladder (its verdicts are undecided, saying so). Default MAX_GRADED_OPERATIONS.
   */
  maxOperations?: number;
};

/**
 * The ladder's passes over a history are linear but not cheap: 1.9 M operations took 25 s to grade
 * on the 2-core machine this project is built on (172 s under heavy load). Past a million a run's
 * grading would be minutes, so it ends as undecided instead. The default memory budget
 * (core/sim/memory-budget.ts) stops runs well before this; a run given more memory meets it.
 */
export const MAX_GRADED_OPERATIONS = 1_000_000;

/** Default memo budget: with the history itself, keeps a check under about 1 GB. */
export const MEMO_BYTES = 512 * 1024 * 1024;

/**
 * The memo tables' shared allowance. A table asks before it grows; past the limit it stays at
 * its size and the search that owns it is stopped by its caller (see `exhausted`).
 */
export class MemoryBudget {
  used = 0;
  /** Set once a table was refused room. */
  exhausted = false;
  constructor(readonly limit: number = MEMO_BYTES) {}

  /** Takes `bytes` when they fit; false (and `exhausted`) when they do not. */
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) {
      this.exhausted = true;
      return false;
    }
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  describe(): string {
    return `the search's memo reached its memory budget of ${Math.round(this.limit / (1024 * 1024))} MB`;
  }
}

export class BudgetTracker {
  steps = 0;
  private readonly maxSteps: number;
  private readonly expired: (() => boolean) | undefined;
  /** Why the budget ran out, once it has. */
  spent: string | null = null;
  readonly memory: MemoryBudget;

  constructor(budget: Budget | undefined) {
    this.maxSteps = budget?.maxSteps ?? Number.POSITIVE_INFINITY;
    this.expired = budget?.expired;
    this.memory = new MemoryBudget(budget?.maxMemoBytes);
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
