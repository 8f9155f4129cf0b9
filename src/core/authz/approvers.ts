/** Who may approve a promotion: `gates.approvers`, or the CODEOWNERS of a Canary's files. */
import { parseOwner } from "./owner.js";

export interface Approvers {
  /** Logins, without `@`. */
  readonly users: readonly string[];
  /** `org/slug`, without `@`. */
  readonly teams: readonly string[];
}

/**
 * CODEOWNERS owners (`@alice`, `@acme/platform`, e-mail addresses) as approvers. E-mail owners
 * cannot be matched to accounts from a webhook, so they are counted in `emails` only.
 */
export function approversFromOwners(owners: readonly string[]): Approvers & { readonly emails: number } {
  const users: string[] = [];
  const teams: string[] = [];
  let emails = 0;
  for (const text of owners) {
    const owner = parseOwner(text);
    if (owner?.kind === "user") users.push(owner.login);
    else if (owner?.kind === "team") teams.push(owner.team);
    else if (owner?.kind === "email") emails++;
  }
  return { users, teams, emails };
}
