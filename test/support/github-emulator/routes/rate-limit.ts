import type { RouteSpec } from "../http/router.js";
import { rateIdentity } from "../limits/identity.js";
import type { RateLimiter, RateWindow } from "../limits/rate-limiter.js";

function windowJson(window: RateWindow) {
  return { limit: window.limit, used: window.used, remaining: window.remaining, reset: window.reset };
}

/** `GET /rate_limit`: free for the primary limit, as on GitHub. */
export function rateLimitRoutes(limiter: RateLimiter): readonly RouteSpec[] {
  return [
    {
      method: "GET",
      path: "/rate_limit",
      docs: "https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user",
      caller: "any",
      handler: (ctx) => {
        const identity = rateIdentity(ctx.actor);
        const core = limiter.peek(identity, "core");
        const graphql = limiter.peek(identity, "graphql");
        return Promise.resolve({
          status: 200,
          body: { resources: { core: windowJson(core), graphql: windowJson(graphql) }, rate: windowJson(core) },
        });
      },
    },
  ];
}
