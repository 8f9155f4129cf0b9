import { Octokit } from "@octokit/rest";
import { operationFor, validateRequestBody, validateResponse } from "../../support/openapi.js";
import { startGitHubEmulator, type GitHubEmulator, type GitHubEmulatorOptions } from "../../support/github-emulator/index.js";

export const OWNER = "acme";
export const REPO = "deploy";
export const FULL = `${OWNER}/${REPO}`;

export const SEED_FILES = {
  "README.md": "# deploy\n",
  "apps/podinfo/route.yaml": "backendRefs:\n  - name: podinfo-primary\n    weight: 100\n  - name: podinfo-canary\n    weight: 0\n",
  "apps/podinfo/deployment.yaml": "image: podinfo:6.0.0\n",
} as const;

/** The world most contract tests start from: an org repo, people with each role, one team. */
export function standardOptions(overrides: GitHubEmulatorOptions = {}): GitHubEmulatorOptions {
  return {
    orgs: [
      {
        login: OWNER,
        members: { olga: "admin", mona: "member", tess: "member" },
        teams: [{ slug: "sre", members: { tess: "maintainer" }, repos: { [REPO]: "maintain" } }],
      },
    ],
    repos: [
      {
        owner: OWNER,
        name: REPO,
        files: SEED_FILES,
        collaborators: { alice: "admin", mark: "maintain", wendy: "write", trish: "triage", rita: "read" },
      },
    ],
    ...overrides,
  };
}

export async function startStandardEmulator(overrides: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  return startGitHubEmulator(standardOptions(overrides));
}

/**
 * Where the description itself cannot be satisfied by any real response: some 409 responses
 * are `oneOf` two error schemas that share their (all optional) properties, so every error body
 * matches both; `GET /app/installations` inlines `account` as `allOf` user *and* enterprise.
 */
function unsatisfiable(line: string): boolean {
  return (
    line.endsWith(" 409 response: (root) must match exactly one schema in oneOf") ||
    /^GET \/app\/installations 200 response: \/\d+\/account /.test(line)
  );
}

function record(violations: string[], lines: readonly string[]): void {
  violations.push(...lines.filter((line) => !unsatisfiable(line)));
}

/** What Octokit rejects with for an HTTP error (its RequestError), checked structurally. */
export interface ApiError extends Error {
  readonly status: number;
  readonly response?: { readonly data: unknown; readonly headers: Readonly<Record<string, string | number | undefined>> };
}

function isApiError(error: unknown): error is ApiError {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number";
}

export const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface CheckedOctokit {
  readonly octokit: Octokit;
  /** OpenAPI violations seen in requests and responses so far (request/response, readable lines). */
  readonly violations: string[];
}

/**
 * A plain @octokit/rest client (it has no retry or throttling plugins) against the emulator,
 * whose every request body and response body is checked against GitHub's OpenAPI description.
 */
export function checkedOctokit(gh: GitHubEmulator, token: string): CheckedOctokit {
  const violations: string[] = [];
  const octokit = new Octokit({ baseUrl: gh.url, auth: token, log: silentLog });
  octokit.hook.wrap("request", async (request, options) => {
    const method = options.method;
    const template = options.url;
    // GraphQL and deliberately undocumented paths have nothing to check against.
    const graphql = template === "/graphql" || operationFor(method, template)?.pathTemplate !== template;
    const sent: unknown = octokit.request.endpoint.parse(options).body;
    if (!graphql && sent !== undefined && sent !== "") record(violations, validateRequestBody(method, template, sent));
    try {
      const response = await request(options);
      if (!graphql && options.mediaType.format === "") {
        record(violations, validateResponse(method, template, response.status, response.data === "" ? undefined : response.data));
      }
      return response;
    } catch (error: unknown) {
      if (!graphql && isApiError(error) && error.response) {
        record(violations, validateResponse(method, template, error.status, error.response.data));
      }
      throw error;
    }
  });
  return { octokit, violations };
}

/** The installation client most tests use (the app acting on the standard repository). */
export function appClient(gh: GitHubEmulator): CheckedOctokit {
  return checkedOctokit(gh, gh.installationToken(gh.installationId(OWNER)));
}

export function userClient(gh: GitHubEmulator, login: string): CheckedOctokit {
  return checkedOctokit(gh, gh.userToken(login));
}

/** The error an API call rejects with (fails the test if it resolves). */
export async function requestError(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error: unknown) {
    if (isApiError(error)) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

/** The `message` of GitHub's error body. */
export function errorMessage(error: ApiError): string | undefined {
  const data: unknown = error.response?.data;
  return typeof data === "object" && data !== null && "message" in data && typeof data.message === "string" ? data.message : undefined;
}

export function b64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
