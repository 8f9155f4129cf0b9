/**
 * People and teams as GitHub writes them in CODEOWNERS and as `gates.approvers` lists them:
 * `@login`, `@org/team-slug`, or (CODEOWNERS only) an e-mail address.
 */

export type Owner =
  | { readonly kind: "user"; readonly login: string }
  /** `team` is `org/slug`, as written. */
  | { readonly kind: "team"; readonly team: string; readonly org: string; readonly slug: string }
  | { readonly kind: "email"; readonly email: string };

/** GitHub logins: alphanumerics and single hyphens, not at the ends, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Bot accounts (`name[bot]`) own files too. */
const BOT_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\[bot\]$/;
const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseOwner(text: string): Owner | undefined {
  if (!text.startsWith("@")) return EMAIL.test(text) ? { kind: "email", email: text } : undefined;
  const body = text.slice(1);
  const slash = body.indexOf("/");
  if (slash === -1) return LOGIN.test(body) || BOT_LOGIN.test(body) ? { kind: "user", login: body } : undefined;
  const org = body.slice(0, slash);
  const slug = body.slice(slash + 1);
  if (!LOGIN.test(org) || !TEAM_SLUG.test(slug)) return undefined;
  return { kind: "team", team: `${org}/${slug}`, org, slug };
}

export function formatOwner(owner: Owner): string {
  switch (owner.kind) {
    case "user":
      return `@${owner.login}`;
    case "team":
      return `@${owner.team}`;
    case "email":
      return owner.email;
  }
}

/** The key team membership is looked up and stored under: `org/slug`, lower case (GitHub ignores case). */
export function teamKey(team: string): string {
  return team.replace(/^@/, "").toLowerCase();
}

export function sameLogin(a: string, b: string): boolean {
  return a.replace(/^@/, "").toLowerCase() === b.replace(/^@/, "").toLowerCase();
}
