export type RateResource = "core" | "graphql";

export interface RateWindow {
  readonly limit: number;
  readonly used: number;
  readonly remaining: number;
  /** Epoch seconds when the window resets. */
  readonly reset: number;
  readonly resource: RateResource;
}

interface MutableWindow {
  limit: number;
  used: number;
  reset: number;
}

const WINDOW_SECONDS = 3600;
const ANONYMOUS_LIMIT = 60;

/**
 * GitHub's primary rate limit: an hourly budget per identity and resource. Every response carries
 * the `x-ratelimit-*` headers of the caller's window; an empty budget answers 403.
 */
export class RateLimiter {
  private readonly now: () => Date;
  private readonly limits: Readonly<Record<RateResource, number>>;
  private readonly windows = new Map<string, MutableWindow>();

  constructor(now: () => Date, limits: Readonly<Record<RateResource, number>>) {
    this.now = now;
    this.limits = limits;
  }

  private seconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  private window(identity: string, resource: RateResource): MutableWindow {
    const key = `${identity}|${resource}`;
    let window = this.windows.get(key);
    if (!window || window.reset <= this.seconds()) {
      const limit = identity === "anonymous" ? ANONYMOUS_LIMIT : this.limits[resource];
      window = { limit, used: 0, reset: this.seconds() + WINDOW_SECONDS };
      this.windows.set(key, window);
    }
    return window;
  }

  private view(window: MutableWindow, resource: RateResource): RateWindow {
    return { limit: window.limit, used: window.used, remaining: Math.max(0, window.limit - window.used), reset: window.reset, resource };
  }

  peek(identity: string, resource: RateResource): RateWindow {
    return this.view(this.window(identity, resource), resource);
  }

  /** Counts one request; `exceeded` when the budget was already empty (the request is refused). */
  consume(identity: string, resource: RateResource): { window: RateWindow; exceeded: boolean } {
    const window = this.window(identity, resource);
    if (window.used >= window.limit) return { window: this.view(window, resource), exceeded: true };
    window.used += 1;
    return { window: this.view(window, resource), exceeded: false };
  }

  /** Empties an identity's budget until `resetAfterSeconds` from now (tests of real exhaustion). */
  exhaust(identity: string, resource: RateResource, resetAfterSeconds: number): void {
    const window = this.window(identity, resource);
    window.used = window.limit;
    window.reset = this.seconds() + resetAfterSeconds;
  }

  reset(): void {
    this.windows.clear();
  }
}

export function rateLimitHeaders(window: RateWindow): Record<string, string> {
  return {
    "x-ratelimit-limit": String(window.limit),
    "x-ratelimit-remaining": String(window.remaining),
    "x-ratelimit-used": String(window.used),
    "x-ratelimit-reset": String(window.reset),
    "x-ratelimit-resource": window.resource,
  };
}
