import type { Actor } from "../auth/actor.js";

/** Whose budget a request spends: one per installation, app, user, or the anonymous caller. */
export function rateIdentity(actor: Actor): string {
  switch (actor.kind) {
    case "installation":
      return `installation:${String(actor.installation.id)}`;
    case "app":
      return `app:${String(actor.app.id)}`;
    case "user":
      return `user:${actor.user.login.toLowerCase()}`;
    case "anonymous":
      return "anonymous";
  }
}

/** How GitHub names the caller in rate-limit messages. */
export function rateCallerLabel(actor: Actor): string {
  switch (actor.kind) {
    case "installation":
      return `installation ID ${String(actor.installation.id)}`;
    case "app":
      return `integration ID ${String(actor.app.id)}`;
    case "user":
      return `user ID ${String(actor.user.id)}`;
    case "anonymous":
      return "your IP address";
  }
}
