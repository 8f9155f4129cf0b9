import type { Command } from "../core/machine/types.js";
import type { PermissionLevel } from "../ports/permissions.js";
import type { RequestedCommand } from "../ports/work-queue.js";
import type { RepoPorts } from "./repo-ports.js";
import type { CanarySettings } from "./settings.js";

const RANK: Record<PermissionLevel, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export type Authorisation = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

function needsApprover(command: Command): boolean {
  return command.type === "promote" || command.type === "approve-promotion";
}

/**
 * Whether the person who gave a command may give it: GitHub's word on their role (an approval
 * or a comment alone is not authorisation), and for promotion the configured approvers.
 */
export async function authoriseCommand(requested: RequestedCommand, ports: RepoPorts, settings: CanarySettings): Promise<Authorisation> {
  const { command, source } = requested;
  const who = command.by;
  if (source.kind === "local") return { allowed: true };
  if (who === ports.botLogin || who.endsWith("[bot]")) return { allowed: false, reason: `@${who} is a bot; bots cannot steer rollouts` };
  const level = await ports.permissions.permissionOf(who);
  if (RANK[level] < RANK[settings.commandPermission]) {
    return { allowed: false, reason: `@${who} has ${level} access; \`${command.type}\` needs ${settings.commandPermission} or above` };
  }
  const { users, teams } = settings.approvers;
  if (needsApprover(command) && (users.length > 0 || teams.length > 0)) {
    if (users.some((u) => u.replace(/^@/, "").toLowerCase() === who.toLowerCase())) return { allowed: true };
    for (const team of teams) {
      const [org, slug] = team.replace(/^@/, "").split("/");
      if (org && slug && (await ports.permissions.isTeamMember(org, slug, who))) return { allowed: true };
    }
    const listed = [...users.map((u) => `@${u.replace(/^@/, "")}`), ...teams.map((t) => `@${t.replace(/^@/, "")}`)].join(", ");
    return { allowed: false, reason: `@${who} is not one of the approvers (${listed})` };
  }
  return { allowed: true };
}
