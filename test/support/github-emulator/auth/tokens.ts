import { randomBytes } from "node:crypto";
import type { World } from "../state/world.js";
import type { InstallationRecord, PermissionLevel } from "../state/records.js";
import type { Actor } from "./actor.js";
import { looksLikeJwt, verifyAppJwt } from "./app-jwt.js";

export interface InstallationToken {
  readonly token: string;
  readonly installationId: number;
  readonly expiresAtMs: number;
  readonly permissions: Readonly<Record<string, PermissionLevel>>;
  readonly repositoryIds: ReadonlySet<number> | undefined;
}

export type AuthResult =
  | { readonly ok: true; readonly actor: Actor }
  | { readonly ok: false; readonly status: 401 | 404; readonly message: string };

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function randomToken(prefix: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(36);
  return prefix + [...bytes].map((b) => alphabet[b % alphabet.length] ?? "A").join("");
}

/** Installation tokens (`ghs_…`, one hour) and user tokens (`ghp_…`) the emulator accepts. */
export class TokenRegistry {
  private readonly world: World;
  private readonly installationTokens = new Map<string, InstallationToken>();
  private readonly userTokens = new Map<string, string>();
  private readonly tokensByLogin = new Map<string, string>();

  constructor(world: World) {
    this.world = world;
  }

  issueInstallationToken(
    installation: InstallationRecord,
    narrowed: { permissions?: Readonly<Record<string, PermissionLevel>>; repositoryIds?: ReadonlySet<number> } = {},
  ): InstallationToken {
    const issued: InstallationToken = {
      token: randomToken("ghs_"),
      installationId: installation.id,
      expiresAtMs: this.world.now().getTime() + TOKEN_LIFETIME_MS,
      permissions: narrowed.permissions ?? installation.permissions,
      repositoryIds: narrowed.repositoryIds,
    };
    this.installationTokens.set(issued.token, issued);
    return issued;
  }

  revoke(token: string): boolean {
    return this.installationTokens.delete(token);
  }

  /** A personal access token for `login` (the same one on every call). */
  userToken(login: string): string {
    const user = this.world.ensureUser(login);
    const existing = this.tokensByLogin.get(user.login.toLowerCase());
    if (existing) return existing;
    const token = randomToken("ghp_");
    this.userTokens.set(token, user.login);
    this.tokensByLogin.set(user.login.toLowerCase(), token);
    return token;
  }

  authenticate(authorization: string | undefined): AuthResult {
    if (authorization === undefined || authorization.trim() === "") return { ok: true, actor: { kind: "anonymous" } };
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization.trim());
    const token = match?.[1];
    if (token === undefined) return { ok: false, status: 401, message: "Bad credentials" };
    if (looksLikeJwt(token)) {
      const app = this.world.app;
      if (!app) return { ok: false, status: 401, message: "A JSON web token could not be decoded" };
      const check = verifyAppJwt(token, app, this.world.epochSeconds());
      return check.ok ? { ok: true, actor: { kind: "app", app } } : check;
    }
    const installationToken = this.installationTokens.get(token);
    if (installationToken) {
      const installation = this.world.installations.get(installationToken.installationId);
      const app = this.world.app;
      if (!installation || !app || installationToken.expiresAtMs <= this.world.now().getTime()) {
        return { ok: false, status: 401, message: "Bad credentials" };
      }
      return {
        ok: true,
        actor: {
          kind: "installation",
          installation,
          app,
          permissions: installationToken.permissions,
          repositoryIds: installationToken.repositoryIds,
        },
      };
    }
    const login = this.userTokens.get(token);
    const user = login === undefined ? undefined : this.world.user(login);
    if (user) return { ok: true, actor: { kind: "user", user } };
    return { ok: false, status: 401, message: "Bad credentials" };
  }
}
