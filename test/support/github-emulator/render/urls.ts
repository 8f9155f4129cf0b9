import type { RepoRecord, UserRecord } from "../state/records.js";

/**
 * Base URLs used in response bodies. `api` is the emulator's own origin (known once it listens);
 * `html` is where `html_url` links point.
 */
export interface Urls {
  api: string;
  html: string;
}

export function repoApi(urls: Urls, repo: RepoRecord): string {
  return `${urls.api}/repos/${repo.fullName}`;
}

export function repoHtml(urls: Urls, repo: RepoRecord): string {
  return `${urls.html}/${repo.fullName}`;
}

export function userApi(urls: Urls, user: UserRecord): string {
  return `${urls.api}/users/${encodeURIComponent(user.login)}`;
}

export function userHtml(urls: Urls, user: UserRecord): string {
  return user.type === "Bot" ? `${urls.html}/apps/${user.login.replace(/\[bot\]$/, "")}` : `${urls.html}/${user.login}`;
}
