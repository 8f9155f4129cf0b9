import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { pino } from "pino";
import { Probot, createNodeMiddleware } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorLogEvent, GitHubEmulator } from "../../support/github-emulator/index.js";
import { exampleFor } from "../../support/github-emulator/webhooks/payloads.js";
import { FULL, OWNER, REPO, appClient, startStandardEmulator, type CheckedOctokit } from "./emulator-harness.js";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly payload: Record<string, unknown>;
}

let gh: GitHubEmulator;
let app: CheckedOctokit;
let receiver: Server;
let received: Received[] = [];
let answer = 200;
const logged: EmulatorLogEvent[] = [];
const repo = { owner: OWNER, repo: REPO };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body, payload: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(answer);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as AddressInfo).port;
  gh = await startStandardEmulator({ webhooks: { url: `http://127.0.0.1:${String(port)}/hooks`, secret: "s3cr3t" }, log: (event) => logged.push(event) });
  app = appClient(gh);
});

afterEach(() => {
  received = [];
  answer = 200;
});

afterAll(async () => {
  await gh.close();
  await new Promise((resolve) => receiver.close(resolve));
});

function summary(deliveries: readonly Received[]): string[] {
  return deliveries.map((d) => {
    const action = typeof d.payload.action === "string" ? `.${d.payload.action}` : "";
    const sender = (d.payload.sender as { login: string }).login;
    return `${String(d.headers["x-github-event"])}${action} by ${sender}`;
  });
}

/** Keys GitHub's example payload has (two levels deep) that ours lacks. */
function missingKeys(example: unknown, ours: unknown, path = "", depth = 0): string[] {
  if (typeof example !== "object" || example === null || Array.isArray(example) || depth > 1) return [];
  if (typeof ours !== "object" || ours === null) return [path];
  const out: string[] = [];
  for (const [key, value] of Object.entries(example)) {
    if (["enterprise", "organization", "changes", "performed_via_github_app"].includes(key)) continue;
    if (!(key in ours)) out.push(`${path}${key}`);
    else out.push(...missingKeys(value, (ours as Record<string, unknown>)[key], `${path}${key}.`, depth + 1));
  }
  return out;
}

describe("webhook deliveries", () => {
  it("sends what people and the app do, in order, with the right sender", async () => {
    const alice = gh.as("alice");
    await alice.push(FULL, { branch: "feature", files: { "f.txt": "1\n" } });
    const number = await alice.openPullRequest(FULL, { head: "feature", title: "F" });
    await alice.push(FULL, { branch: "feature", files: { "f.txt": "2\n" } });
    await app.octokit.issues.createComment({ ...repo, issue_number: number, body: "canary plan" });
    await gh.as("wendy").approve(FULL, number, "ship it");
    await gh.as("olga").mergePullRequest(FULL, number);
    await gh.settled();
    expect(summary(received)).toEqual([
      "push by alice",
      "pull_request.opened by alice",
      "push by alice",
      "pull_request.synchronize by alice",
      `issue_comment.created by ${gh.app.botLogin}`,
      "pull_request_review.submitted by wendy",
      "push by olga",
      "pull_request.closed by olga",
    ]);
    const [push, opened, , synchronize, comment, review, mergePush, closed] = received.map((r) => r.payload);
    expect(push).toMatchObject({ ref: "refs/heads/feature", created: true, deleted: false, forced: false, installation: { id: gh.installationId(OWNER) } });
    expect((push?.head_commit as { added: string[] }).added).toEqual(["f.txt"]);
    expect(opened).toMatchObject({ number, pull_request: { number, state: "open", head: { ref: "feature" } } });
    expect(synchronize).toMatchObject({ before: (opened?.pull_request as { head: { sha: string } }).head.sha, after: await gh.repo(FULL).head("feature") });
    expect(comment).toMatchObject({ issue: { number, pull_request: { url: `${gh.url}/repos/${FULL}/pulls/${String(number)}` } }, comment: { body: "canary plan" } });
    expect((comment?.sender as { type: string }).type).toBe("Bot");
    expect(review).toMatchObject({ review: { state: "approved", body: "ship it", user: { login: "wendy" } }, pull_request: { number } });
    expect(mergePush).toMatchObject({ ref: "refs/heads/main", after: await gh.repo(FULL).head(), pusher: { name: "olga" } });
    expect(closed).toMatchObject({ action: "closed", pull_request: { merged: true, merged_by: { login: "olga" }, merge_commit_sha: await gh.repo(FULL).head() } });
  });

  it("sends push events for the app's own commits, with the bot as sender and pusher", async () => {
    const head = (await gh.repo(FULL).head()) ?? "";
    const tree = await gh.repo(FULL).git("rev-parse", `${head}^{tree}`);
    const commit = await app.octokit.git.createCommit({ ...repo, message: "canary: weight 10", tree, parents: [head] });
    await app.octokit.git.updateRef({ ...repo, ref: "heads/main", sha: commit.data.sha });
    await gh.settled();
    expect(summary(received)).toEqual([`push by ${gh.app.botLogin}`]);
    expect(received[0]?.payload).toMatchObject({ before: head, after: commit.data.sha, pusher: { name: gh.app.botLogin }, commits: [{ id: commit.data.sha, message: "canary: weight 10" }] });
  });

  it("signs with X-Hub-Signature-256 and identifies each delivery", async () => {
    await gh.as("alice").push(FULL, { branch: "signed", files: { "s.txt": "s" } });
    await gh.as("alice").push(FULL, { branch: "signed", files: { "s.txt": "t" } });
    await gh.settled();
    expect(received.length).toBe(2);
    for (const delivery of received) {
      const signature = String(delivery.headers["x-hub-signature-256"]);
      expect(await verify("s3cr3t", delivery.body, signature)).toBe(true);
      expect(await verify("wrong", delivery.body, signature)).toBe(false);
      expect(delivery.headers["x-github-delivery"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect([delivery.headers["content-type"], delivery.headers["x-github-hook-installation-target-id"]]).toEqual(["application/json", String(gh.app.id)]);
    }
    expect(new Set(received.map((d) => d.headers["x-github-delivery"])).size).toBe(2);
  });

  it("sends check_run requested_action and rerequested for a person's clicks", async () => {
    const sha = (await gh.repo(FULL).head()) ?? "";
    const run = await app.octokit.checks.create({ ...repo, name: "gate", head_sha: sha, external_id: "rollout-7", conclusion: "action_required", actions: [{ label: "Promote", description: "Promote", identifier: "promote" }] });
    await gh.as("olga").clickCheckRunAction(FULL, run.data.id, "promote");
    await gh.as("olga").rerequestCheckRun(FULL, run.data.id);
    await gh.settled();
    expect(summary(received)).toEqual([
      `check_run.created by ${gh.app.botLogin}`,
      `check_run.completed by ${gh.app.botLogin}`,
      "check_run.requested_action by olga",
      "check_run.rerequested by olga",
    ]);
    expect(received[2]?.payload).toMatchObject({ requested_action: { identifier: "promote" }, check_run: { id: run.data.id, external_id: "rollout-7", head_sha: sha } });
  });

  it("sends installation and installation_repositories events", async () => {
    await gh.createRepo({ owner: "beta", name: "svc", files: { "a": "a" } });
    await gh.createRepo({ owner: "beta", name: "web", files: { "a": "a" } });
    const id = gh.installations.install({ account: "beta", repositories: ["svc"] }, "beta");
    gh.installations.addRepositories(id, ["web"], "beta");
    gh.installations.removeRepositories(id, ["svc"], "beta");
    await gh.settled();
    expect(summary(received)).toEqual(["installation.created by beta", "installation_repositories.added by beta", "installation_repositories.removed by beta"]);
    expect(received[0]?.payload).toMatchObject({ installation: { id, account: { login: "beta" }, repository_selection: "selected" }, repositories: [{ full_name: "beta/svc" }] });
    expect(received[1]?.payload).toMatchObject({ repositories_added: [{ full_name: "beta/web" }], repositories_removed: [] });
    expect(received[2]?.payload).toMatchObject({ repositories_removed: [{ full_name: "beta/svc" }] });
  });

  it("fills every field of GitHub's example payloads", () => {
    const problems = gh.webhooks.deliveries().flatMap((d) => missingKeys(exampleFor(d.event, d.action), d.payload).map((k) => `${d.event}.${d.action ?? ""}: ${k}`));
    expect(problems).toEqual([]);
  });
});

describe("delivery control", () => {
  it("holds deliveries until released, in either order", async () => {
    const hold = gh.webhooks.intercept({ event: "push", mode: "hold" });
    await gh.as("alice").push(FULL, { branch: "held", files: { "h.txt": "1" }, message: "one" });
    await gh.as("alice").push(FULL, { branch: "held", files: { "h.txt": "2" }, message: "two" });
    await gh.settled();
    expect(received).toEqual([]);
    hold.cancel();
    expect(gh.webhooks.release({ event: "push", order: "newest-first" })).toBe(2);
    await gh.settled();
    expect(received.map((d) => (d.payload.head_commit as { message: string }).message)).toEqual(["two", "one"]);
  });

  it("drops and duplicates deliveries, and redelivers with the same GUID", async () => {
    gh.webhooks.intercept({ event: "push", mode: "drop", times: 1 });
    gh.webhooks.intercept({ event: "issue_comment", mode: "duplicate", times: 1 });
    await gh.as("alice").push(FULL, { branch: "dropped", files: { "d.txt": "1" } });
    await gh.as("alice").push(FULL, { branch: "dropped", files: { "d.txt": "2" } });
    await gh.as("alice").push(FULL, { branch: "dup", files: { "x.txt": "x" } });
    const number = await gh.as("alice").openPullRequest(FULL, { head: "dup", title: "Dup" });
    await gh.as("mona").comment(FULL, number, "/canary pause");
    await gh.settled();
    expect(summary(received)).toEqual(["push by alice", "push by alice", "pull_request.opened by alice", "issue_comment.created by mona", "issue_comment.created by mona"]);
    const [first, second] = received.slice(-2);
    expect(first?.headers["x-github-delivery"]).toBe(second?.headers["x-github-delivery"]);
    expect(first?.body).toBe(second?.body);
    expect(gh.webhooks.deliveries({ event: "push" }).filter((d) => d.state === "dropped").length).toBe(1);
    const original = gh.webhooks.deliveries({ event: "pull_request", action: "opened" }).at(-1);
    received = [];
    gh.webhooks.redeliver(original?.id ?? "");
    await gh.settled();
    expect(received.map((d) => d.headers["x-github-delivery"])).toEqual([original?.id]);
  });

  it("records failed deliveries with the receiver's status", async () => {
    answer = 500;
    await gh.as("alice").push(FULL, { branch: "failing", files: { "x.txt": "x" } });
    await gh.settled();
    const last = gh.webhooks.deliveries({ event: "push" }).at(-1);
    expect([last?.state, last?.attempts.map((a) => a.status)]).toEqual(["failed", [500]]);
    expect(logged.at(-1)).toEqual({ level: "warn", message: "webhook delivery failed", details: { id: last?.id, event: "push", status: 500 } });
  });

  it("is accepted by a real Probot app through its signature-checking middleware", async () => {
    const probot = new Probot({ appId: gh.app.id, privateKey: gh.app.privateKey, secret: "s3cr3t", baseUrl: gh.url, log: pino({ level: "silent" }) });
    const seen: string[] = [];
    const middleware = await createNodeMiddleware(
      (probotApp) => {
        probotApp.on(["push", "pull_request.opened"], (context) => {
          seen.push(`${context.name}:${context.id}`);
          return Promise.resolve();
        });
      },
      { probot },
    );
    const server = createServer((req, res) => {
      void middleware(req, res, () => {
        res.writeHead(404);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const previous = gh.webhooks.target;
    gh.webhooks.setTarget(`http://127.0.0.1:${String((server.address() as AddressInfo).port)}/api/github/webhooks`);
    try {
      await gh.as("alice").push(FULL, { branch: "probot", files: { "p.txt": "p" } });
      await gh.as("alice").openPullRequest(FULL, { head: "probot", title: "P" });
      await gh.settled();
      const sent = gh.webhooks.deliveries().slice(-2);
      expect(sent.map((d) => [d.state, d.attempts.at(-1)?.status])).toEqual([["delivered", 200], ["delivered", 200]]);
      expect(seen).toEqual(sent.map((d) => `${d.event}:${d.id}`));
    } finally {
      gh.webhooks.setTarget(previous);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
