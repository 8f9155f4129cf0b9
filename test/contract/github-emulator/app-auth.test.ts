import { createSign, generateKeyPairSync } from "node:crypto";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { checkedOctokit, errorMessage, OWNER, REPO, requestError, silentLog, startStandardEmulator } from "./emulator-harness.js";

// JWTs Probot signs use the real time, so the emulator clock starts at the real time too.
let clock = new Date();
let gh: GitHubEmulator;

beforeAll(async () => {
  gh = await startStandardEmulator({
    now: () => clock,
    repos: [
      { owner: OWNER, name: REPO, files: { "a.txt": "a\n" } },
      { owner: OWNER, name: "other", files: { "b.txt": "b\n" } },
    ],
  });
});

afterAll(async () => {
  await gh.close();
});

function jwt(privateKey: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode(claims)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

function nowSeconds(): number {
  return Math.floor(clock.getTime() / 1000);
}

describe("GitHub App authentication", () => {
  it("lets Probot's Octokit mint an installation token with a JWT signed by the app key (GHES prefix too)", async () => {
    for (const baseUrl of [gh.url, `${gh.url}/api/v3`]) {
      const octokit = new ProbotOctokit({
        baseUrl,
        auth: { appId: gh.app.id, privateKey: gh.app.privateKey, installationId: gh.installationId(OWNER) },
        throttle: { enabled: false },
        retry: { enabled: false },
        log: silentLog,
      });
      const { data } = await octokit.rest.repos.get({ owner: OWNER, repo: REPO });
      expect(data.full_name).toBe(`${OWNER}/${REPO}`);
    }
    const tokenRequests = gh.stats().byRoute["POST /app/installations/{installation_id}/access_tokens"];
    expect([tokenRequests?.count, tokenRequests?.statuses["201"]]).toEqual([2, 2]);
  });

  it("answers app endpoints for a valid JWT and refuses bad ones with GitHub's messages", async () => {
    const valid = jwt(gh.app.privateKey, { iat: nowSeconds() - 30, exp: nowSeconds() + 540, iss: gh.app.id });
    const app = checkedOctokit(gh, valid);
    expect((await app.octokit.apps.getAuthenticated()).data?.slug).toBe(gh.app.slug);
    expect((await app.octokit.apps.listInstallations()).data.map((i) => i.account?.login)).toEqual([OWNER]);
    expect((await app.octokit.apps.getRepoInstallation({ owner: OWNER, repo: REPO })).data.id).toBe(gh.installationId(OWNER));
    const installation = (await app.octokit.apps.getInstallation({ installation_id: gh.installationId(OWNER) })).data;
    expect([installation.id, installation.account && "login" in installation.account ? installation.account.login : undefined]).toEqual([gh.installationId(OWNER), OWNER]);
    expect((await app.octokit.apps.getOrgInstallation({ org: OWNER })).data.id).toBe(gh.installationId(OWNER));
    expect((await requestError(app.octokit.apps.getUserInstallation({ username: "nobody" }))).status).toBe(404);
    expect(app.violations).toEqual([]);

    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const forged = await requestError(checkedOctokit(gh, jwt(otherKey, { iat: nowSeconds(), exp: nowSeconds() + 60, iss: gh.app.id })).octokit.apps.getAuthenticated());
    expect([forged.status, errorMessage(forged)]).toEqual([401, "A JSON web token could not be decoded"]);
    const expired = await requestError(checkedOctokit(gh, jwt(gh.app.privateKey, { iat: nowSeconds() - 900, exp: nowSeconds() - 300, iss: gh.app.id })).octokit.apps.getAuthenticated());
    expect(expired.status).toBe(401);
    expect(errorMessage(expired)).toMatch(/^'Expiration time' claim/);
    const installationToken = await requestError(checkedOctokit(gh, gh.installationToken(gh.installationId(OWNER))).octokit.apps.getAuthenticated());
    expect(installationToken.status).toBe(401);
  });

  it("narrows tokens to requested repositories and permissions", async () => {
    const app = checkedOctokit(gh, jwt(gh.app.privateKey, { iat: nowSeconds(), exp: nowSeconds() + 300, iss: gh.app.id }));
    const narrowed = await app.octokit.apps.createInstallationAccessToken({
      installation_id: gh.installationId(OWNER),
      repositories: [REPO],
      permissions: { contents: "read" },
    });
    expect([narrowed.status, narrowed.data.repository_selection, narrowed.data.permissions, narrowed.data.repositories?.map((r) => r.name)]).toEqual([
      201,
      "selected",
      { contents: "read" },
      [REPO],
    ]);
    const token = checkedOctokit(gh, narrowed.data.token);
    expect((await token.octokit.apps.listReposAccessibleToInstallation()).data.repositories.map((r) => r.name)).toEqual([REPO]);
    expect((await requestError(token.octokit.repos.get({ owner: OWNER, repo: "other" }))).status).toBe(404);
    expect((await requestError(token.octokit.git.createBlob({ owner: OWNER, repo: REPO, content: "x" }))).status).toBe(403);
    const wider = await requestError(app.octokit.apps.createInstallationAccessToken({ installation_id: gh.installationId(OWNER), permissions: { administration: "write" } }));
    expect([wider.status, errorMessage(wider)]).toEqual([422, "The permissions requested are not granted to this installation."]);
    const full = checkedOctokit(gh, gh.installationToken(gh.installationId(OWNER)));
    const repos = await full.octokit.apps.listReposAccessibleToInstallation();
    expect([repos.data.total_count, repos.data.repository_selection, repos.data.repositories.map((r) => r.name)]).toEqual([2, "all", [REPO, "other"]]);
    expect([...app.violations, ...token.violations, ...full.violations]).toEqual([]);
  });

  it("expires installation tokens after an hour", async () => {
    const token = checkedOctokit(gh, gh.installationToken(gh.installationId(OWNER)));
    expect((await token.octokit.repos.get({ owner: OWNER, repo: REPO })).status).toBe(200);
    clock = new Date(clock.getTime() + 61 * 60 * 1000);
    const expired = await requestError(token.octokit.repos.get({ owner: OWNER, repo: REPO }));
    expect([expired.status, errorMessage(expired)]).toEqual([401, "Bad credentials"]);
    expect((await requestError(checkedOctokit(gh, "ghs_not_a_token").octokit.repos.get({ owner: OWNER, repo: REPO }))).status).toBe(401);
    const revoked = checkedOctokit(gh, gh.installationToken(gh.installationId(OWNER)));
    expect((await revoked.octokit.apps.revokeInstallationAccessToken()).status).toBe(204);
    expect((await requestError(revoked.octokit.repos.get({ owner: OWNER, repo: REPO }))).status).toBe(401);
  });

  it("requires authentication for private repositories and GraphQL", async () => {
    const anonymous = checkedOctokit(gh, "");
    expect((await requestError(anonymous.octokit.repos.get({ owner: OWNER, repo: REPO }))).status).toBe(404);
    const graphql = await requestError(anonymous.octokit.request("POST /graphql", { query: "{ viewer { login } }" }));
    expect(graphql.status).toBe(401);
  });
});
