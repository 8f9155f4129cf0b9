import type { AppRecord, InstallationRecord, PermissionLevel, UserRecord } from "../state/records.js";

/** Who is calling: resolved from the `Authorization` header (or chosen by a test helper). */
export type Actor =
  | { readonly kind: "user"; readonly user: UserRecord }
  | {
      readonly kind: "installation";
      readonly installation: InstallationRecord;
      readonly app: AppRecord;
      /** The token's permissions (the installation's, or fewer when the token was narrowed). */
      readonly permissions: Readonly<Record<string, PermissionLevel>>;
      /** Repository ids the token is limited to, when it was narrowed. */
      readonly repositoryIds: ReadonlySet<number> | undefined;
    }
  | { readonly kind: "app"; readonly app: AppRecord }
  | { readonly kind: "anonymous" };

/** The account shown as `user`/`sender` for what the actor does (the bot user for an app). */
export function actorAccount(actor: Actor): UserRecord | undefined {
  switch (actor.kind) {
    case "user":
      return actor.user;
    case "installation":
    case "app":
      return actor.app.botUser;
    case "anonymous":
      return undefined;
  }
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.user.login;
    case "installation":
      return `installation:${String(actor.installation.id)}`;
    case "app":
      return `app:${String(actor.app.id)}`;
    case "anonymous":
      return "anonymous";
  }
}
