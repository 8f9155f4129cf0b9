import { requestMatches, type RequestInfo, type RequestMatch } from "./request-match.js";
import type { SeededRandom } from "./seeded-random.js";

export type Fault =
  /** Any status with GitHub's error body (`message` defaults to the status text). */
  | { readonly kind: "status"; readonly status: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: "server-error"; readonly status?: 500 | 502 | 503 | 504 }
  /** "You have exceeded a secondary rate limit" with `retry-after`. */
  | { readonly kind: "secondary-rate-limit"; readonly status?: 403 | 429; readonly retryAfterSeconds?: number }
  /** Primary limit: `x-ratelimit-remaining: 0` and `x-ratelimit-reset`; GraphQL answers 200 with RATE_LIMITED. */
  | { readonly kind: "primary-rate-limit"; readonly status?: 403 | 429; readonly resetAfterSeconds?: number }
  | { readonly kind: "conflict"; readonly message?: string }
  | { readonly kind: "validation"; readonly message?: string }
  /** The connection is destroyed without an answer. */
  | { readonly kind: "disconnect" };

export interface FaultRule {
  readonly match?: RequestMatch;
  readonly fault: Fault;
  /** Fault this many matching requests, then retire (default 1; with `probability`, unlimited). */
  readonly times?: number;
  /** Fault each matching request with this probability, drawn from the seeded random source. */
  readonly probability?: number;
  /**
   * Run the request first and answer with the fault afterwards: the write happened but the
   * client sees an error (the case retries must be idempotent for).
   */
  readonly afterHandler?: boolean;
}

export interface FaultHandle {
  /** How many requests this rule has faulted. */
  readonly hits: number;
  readonly active: boolean;
  cancel(): void;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number | undefined;
  hits: number;
  active: boolean;
}

export interface TakenFault {
  readonly fault: Fault;
  readonly afterHandler: boolean;
}

/** Faults injected on demand: the next N matching requests, or a seeded probability. */
export class FaultInjector {
  private readonly random: SeededRandom;
  private readonly rules: ActiveRule[] = [];

  constructor(random: SeededRandom) {
    this.random = random;
  }

  inject(rule: FaultRule): FaultHandle {
    const active: ActiveRule = {
      rule,
      remaining: rule.times ?? (rule.probability === undefined ? 1 : undefined),
      hits: 0,
      active: true,
    };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get active() {
        return active.active;
      },
      cancel: () => {
        this.retire(active);
      },
    };
  }

  clear(): void {
    for (const rule of [...this.rules]) this.retire(rule);
  }

  private retire(active: ActiveRule): void {
    active.active = false;
    const index = this.rules.indexOf(active);
    if (index >= 0) this.rules.splice(index, 1);
  }

  /** The fault for this request, if a rule fires (first matching rule wins). */
  take(request: RequestInfo): TakenFault | undefined {
    for (const active of this.rules) {
      if (!requestMatches(active.rule.match, request)) continue;
      if (active.rule.probability !== undefined && this.random.next() >= active.rule.probability) continue;
      active.hits += 1;
      if (active.remaining !== undefined) {
        active.remaining -= 1;
        if (active.remaining <= 0) this.retire(active);
      }
      return { fault: active.rule.fault, afterHandler: active.rule.afterHandler ?? false };
    }
    return undefined;
  }
}
