import type { GitIdentity } from "../git/git-objects.js";
import type { UserRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/** The git identity of an account at the current time (UTC). */
export function identityOf(world: World, user: UserRecord): GitIdentity {
  return { name: user.name, email: user.email, epochSeconds: world.epochSeconds(), timezone: "+0000" };
}

/**
 * GitHub's committer for commits it creates and signs itself (merges, API commits of apps):
 * the `web-flow` account, "GitHub <noreply@github.com>".
 */
export function webFlowIdentity(world: World): GitIdentity {
  return { name: "GitHub", email: "noreply@github.com", epochSeconds: world.epochSeconds(), timezone: "+0000" };
}
