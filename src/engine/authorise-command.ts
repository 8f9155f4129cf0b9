import { authorise, teamsToCheck } from "../core/authz/authorise.js";
import type { Authorisation } from "../core/authz/authorise.js";
import { ownersOfPaths } from "../core/authz/codeowners.js";
import type { Codeowners } from "../core/authz/codeowners.js";
import type { RequestedCommand } from "../ports/work-queue.js";
import type { RepoPorts } from "./repo-ports.js";
import type { CanarySettings } from "./settings.js";

/**
 * Whether the person who gave a command may give it (core/authz decides): GitHub's word on
 * their role and, for promotion, their team memberships. An approval or a comment alone is not
 * authorisation. Local runs (the person at the terminal) are always allowed.
 */
export async function authoriseCommand(
  requested: RequestedCommand,
  ports: RepoPorts,
  settings: CanarySettings,
  codeowners: { readonly file: Codeowners; readonly paths: readonly string[] } | undefined,
): Promise<Authorisation> {
  const { command, source } = requested;
  if (source.kind === "local") return { allowed: true };
  const actor = command.by;
  const isBot = actor === ports.botLogin || actor.endsWith("[bot]");
  const owners = codeowners ? ownersOfPaths(codeowners.file, codeowners.paths) : undefined;
  const policy = {
    command: command.type,
    ...(settings.gates.approvers ? { approvers: settings.gates.approvers } : {}),
    ...(owners ? { codeowners: owners } : {}),
  };
  const permission = isBot ? "none" : await ports.permissions.permissionOf(actor);
  const membership: Record<string, boolean> = {};
  if (!isBot) {
    for (const team of teamsToCheck(policy)) {
      const [org = "", slug = ""] = team.split("/");
      membership[team] = await ports.permissions.isTeamMember(org, slug, actor);
    }
  }
  return authorise({ actor, permission, minimum: settings.commands.permission, membership, isBot, ...policy });
}
