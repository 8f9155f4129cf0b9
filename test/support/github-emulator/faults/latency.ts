import { requestMatches, type RequestInfo, type RequestMatch } from "./request-match.js";
import type { SeededRandom } from "./seeded-random.js";

export interface LatencyRule {
  readonly match?: RequestMatch;
  readonly ms: number;
  /** Extra delay drawn uniformly from [0, jitterMs) with the seeded random source. */
  readonly jitterMs?: number;
}

export interface LatencyHandle {
  cancel(): void;
}

/** Added response latency; the most recently added matching rule applies. */
export class LatencyRules {
  private readonly random: SeededRandom;
  private readonly rules: LatencyRule[] = [];

  constructor(random: SeededRandom) {
    this.random = random;
  }

  add(rule: LatencyRule): LatencyHandle {
    this.rules.push(rule);
    return {
      cancel: () => {
        const index = this.rules.indexOf(rule);
        if (index >= 0) this.rules.splice(index, 1);
      },
    };
  }

  clear(): void {
    this.rules.length = 0;
  }

  delayFor(request: RequestInfo): number {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i];
      if (rule && requestMatches(rule.match, request)) {
        return rule.ms + (rule.jitterMs === undefined ? 0 : Math.floor(this.random.next() * rule.jitterMs));
      }
    }
    return 0;
  }
}
