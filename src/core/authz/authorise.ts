/**
 * Whether a person may give a command. Pure: the caller looks up the person's role and the team
 * memberships `teamsToCheck` names, then asks. The rules (an approval alone is not authorisation):
 * - bots never authorise anything;
 * - the person's role is at least `minimum` (`commands.permission`, write by default);
 * - promoting (`/canary promote`, the Promote button, an approving review of the promotion PR)
 *   also needs an approver: a listed user or a member of a listed team, from `gates.approvers`
 *   when set, else from the CODEOWNERS of the Canary's files when they name anyone.
 * A refusal carries a reason written for the reply to that person.
 */
import type { Command } from "../machine/types.js";
import { approversFromOwners, type Approvers } from "./approvers.js";
import { describeAccess, hasAtLeast, type MinimumRole, type PermissionLevel } from "./permission-level.js";
import { sameLogin, teamKey } from "./owner.js";

export type CommandType = Command["type"];

export interface AuthoriseInput {
  /** Login of the person who commented, pressed the button or reviewed. */
  readonly actor: string;
  readonly command: CommandType;
  /** The person's effective role on the repository. */
  readonly permission: PermissionLevel;
  /** `commands.permission`; write when absent. */
  readonly minimum?: MinimumRole;
  /** `gates.approvers`, when the repository sets them. */
  readonly approvers?: Approvers;
  /** Active membership per team, keyed by `teamKey` (`org/slug`, lower case). */
  readonly membership: Readonly<Record<string, boolean>>;
  /** Owners of the Canary's files from CODEOWNERS (`@alice`, `@acme/platform`, e-mails). */
  readonly codeowners?: readonly string[];
  /** The sender is a bot account (`sender.type === "Bot"`). */
  readonly isBot: boolean;
}

export type Authorisation =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

const DOING: Readonly<Record<CommandType, string>> = {
  promote: "promoting",
  rollback: "rolling back",
  pause: "pausing",
  resume: "resuming",
  retry: "retrying",
  "approve-promotion": "approving the promotion",
};

function needsApprover(command: CommandType): boolean {
  return command === "promote" || command === "approve-promotion";
}

interface ApproverPolicy {
  readonly approvers: Approvers;
  /** Where the list comes from, as the reply names it. */
  readonly source: string;
  /** CODEOWNERS named only e-mail addresses: nobody can be matched. */
  readonly emailsOnly: boolean;
}

function approverPolicy(input: Pick<AuthoriseInput, "command" | "approvers" | "codeowners">): ApproverPolicy | undefined {
  if (!needsApprover(input.command)) return undefined;
  const configured = input.approvers;
  if (configured !== undefined && (configured.users.length > 0 || configured.teams.length > 0)) {
    return { approvers: configured, source: "gates.approvers", emailsOnly: false };
  }
  const owners = approversFromOwners(input.codeowners ?? []);
  if (owners.users.length > 0 || owners.teams.length > 0) {
    return { approvers: owners, source: "the CODEOWNERS of this Canary's files", emailsOnly: false };
  }
  return owners.emails > 0 ? { approvers: owners, source: "the CODEOWNERS of this Canary's files", emailsOnly: true } : undefined;
}

/** The teams whose membership `authorise` needs for this command (keys as `teamKey`). */
export function teamsToCheck(input: Pick<AuthoriseInput, "command" | "approvers" | "codeowners">): string[] {
  const policy = approverPolicy(input);
  return [...new Set((policy?.approvers.teams ?? []).map(teamKey))];
}

function notAnApprover(actor: string, approvers: Approvers): string {
  const names = [...approvers.users.map((u) => `@${u}`), ...approvers.teams.map((t) => `@${t}`)];
  if (approvers.users.length === 0 && approvers.teams.length === 1) return `@${actor} is not in ${names.join("")}`;
  if (names.length === 1) return `@${actor} is not ${names.join("")}`;
  return `@${actor} is not one of ${names.slice(0, -1).join(", ")} or ${names.at(-1) ?? ""}`;
}

export function authorise(input: AuthoriseInput): Authorisation {
  const actor = input.actor.replace(/^@/, "");
  const doing = DOING[input.command];
  if (input.isBot) return { allowed: false, reason: `@${actor} is a bot; canary-bot takes commands only from people` };
  const minimum = input.minimum ?? "write";
  if (!hasAtLeast(input.permission, minimum)) {
    return { allowed: false, reason: `@${actor} has ${describeAccess(input.permission)}; ${doing} needs ${minimum}` };
  }
  const policy = approverPolicy(input);
  if (policy === undefined) return { allowed: true };
  if (policy.emailsOnly) {
    return {
      allowed: false,
      reason: `${policy.source} are e-mail addresses only, which canary-bot cannot match to GitHub accounts; ${doing} needs gates.approvers or CODEOWNERS users or teams`,
    };
  }
  const { users, teams } = policy.approvers;
  if (users.some((user) => sameLogin(user, actor))) return { allowed: true };
  if (teams.some((team) => input.membership[teamKey(team)] === true)) return { allowed: true };
  return { allowed: false, reason: `${notAnApprover(actor, policy.approvers)}; ${doing} needs an approver from ${policy.source}` };
}
