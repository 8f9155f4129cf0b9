import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileDeliveryLog } from "../../src/adapters/file-store/file-delivery-log.js";
import { createApp } from "../../src/app/index.js";
import type { WorkItem } from "../../src/ports/work-queue.js";
import { INSTALLATION_ID, REPO, branchPushExample, user, webhookExample } from "../fixtures/webhooks/examples.js";
import { errorBody, issueComment } from "../fixtures/github/responses.js";
import { useGitHubMock } from "../support/http-mock.js";
import { RecordingEngine, recordingLog, type RecordedLog } from "./fake-engine.js";
import { testProbot } from "./test-probot.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const MERGE_SHA = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

describe("the GitHub App's webhook handlers", () => {
  // Any call to GitHub fails the test unless a test mocks it (and then it must match the API).
  const github = useGitHubMock();
  let engine: RecordingEngine;
  let log: RecordedLog;
  let probot: Probot;
  let dataDir: string;
  let delivery = 0;

  beforeEach(async () => {
    delivery = 0;
    engine = new RecordingEngine();
    log = recordingLog();
    dataDir = mkdtempSync(join(tmpdir(), "canary-bot-app-"));
    probot = testProbot();
    const deliveries = new FileDeliveryLog(join(dataDir, "deliveries.log"));
    await probot.load(createApp({ engine, deliveries, log, appSlug: "canary-bot" }), { cwd: dataDir, addHandler: () => undefined });
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function receive(name: string, payload: unknown, id = `delivery-${String(++delivery)}`): Promise<void> {
    await probot.receive({ id, name, payload } as never);
  }

  describe("loading", () => {
    it("refuses to start without its collaborators, e.g. when `probot run` calls it directly", () => {
      expect(() => createApp(probot as never)).toThrow(
        "createApp(collaborators) needs { engine, deliveries }: canary-bot starts from its own entry point (dist/main.js), which builds the engine; `probot run` alone cannot",
      );
    });

    it("says so when loaded without an HTTP server for its endpoints", async () => {
      const bare = testProbot();
      const bareLog = recordingLog();
      await bare.load(createApp({ engine, deliveries: new FileDeliveryLog(join(dataDir, "other.log")), log: bareLog }));
      expect(bareLog.lines).toEqual(["warn status endpoints not served: No server instance"]);
    });
  });

  describe("push", () => {
    it("queues a reconcile of the repository at the pushed commit", async () => {
      const payload = branchPushExample();
      payload.ref = "refs/heads/main";
      await receive("push", payload);
      expect(engine.enqueued).toEqual<WorkItem[]>([{ installationId: INSTALLATION_ID, repo: REPO, reason: "push", sha: SHA }]);
    });

    it("ignores tags and deleted branches", async () => {
      const tag = branchPushExample();
      tag.ref = "refs/tags/v1.0.0";
      const deleted = branchPushExample();
      deleted.ref = "refs/heads/old";
      deleted.deleted = true;
      deleted.after = "0000000000000000000000000000000000000000";
      await receive("push", tag);
      await receive("push", deleted);
      expect(engine.enqueued).toEqual([]);
      expect(log.lines.filter((l) => l.includes("ignored"))).toEqual([
        "debug delivery delivery-1 push: ignored: refs/tags/v1.0.0 is not a branch",
        "debug delivery delivery-2 push: ignored: refs/heads/old was deleted",
      ]);
    });

    it("marks the bot's own pushes and other bots' pushes", async () => {
      const own = branchPushExample();
      own.sender = user("canary-bot[bot]", "Bot");
      const other = branchPushExample();
      other.sender = user("renovate[bot]", "Bot");
      await receive("push", own);
      await receive("push", other);
      expect(engine.enqueued.map((i) => i.reason)).toEqual(["push by canary-bot[bot] (self)", "push by renovate[bot]"]);
    });

    it("acts once on a redelivered delivery id", async () => {
      const payload = branchPushExample();
      await receive("push", payload, "same-id");
      await receive("push", payload, "same-id");
      expect(engine.enqueued).toHaveLength(1);
      expect(log.lines).toContain("info delivery same-id push: already handled, ignored");
    });
  });

  describe("pull_request", () => {
    function closed(merged: boolean, headRef = "changes", body: string | null = "Bump podinfo") {
      const payload = webhookExample("pull_request", "closed");
      payload.pull_request.merged = merged;
      payload.pull_request.merge_commit_sha = merged ? MERGE_SHA : null;
      payload.pull_request.head.ref = headRef;
      payload.pull_request.body = body;
      return payload;
    }

    it("queues a merged PR as the source of its merge commit", async () => {
      await receive("pull_request", closed(true));
      expect(engine.enqueued).toEqual<WorkItem[]>([
        { installationId: INSTALLATION_ID, repo: REPO, reason: "merged #2", pullNumber: 2, sha: MERGE_SHA },
      ]);
    });

    it("ignores a PR closed without merging", async () => {
      await receive("pull_request", closed(false));
      expect(engine.enqueued).toEqual([]);
    });

    it("reconciles the Canary of a merged or closed promotion PR", async () => {
      await receive("pull_request", closed(true, "canary-bot/promote/test/podinfo"));
      await receive("pull_request", closed(false, "canary-bot/promote/test/podinfo"));
      expect(engine.enqueued).toEqual<WorkItem[]>([
        { installationId: INSTALLATION_ID, repo: REPO, canary: "test/podinfo", reason: "promotion PR #2 merged", pullNumber: 2, sha: MERGE_SHA },
        { installationId: INSTALLATION_ID, repo: REPO, canary: "test/podinfo", reason: "promotion PR #2 closed", pullNumber: 2 },
      ]);
    });

    it("recognises a revert PR by its branch, or by the marker in its body", async () => {
      await receive("pull_request", closed(true, "canary-bot/revert/test/podinfo/1a2b3c4"));
      await receive("pull_request", closed(true, "revert-1-changes", "Traffic is back on the primary.\n<!-- canary-bot:revert/pr-1 -->"));
      expect(engine.enqueued).toEqual<WorkItem[]>([
        { installationId: INSTALLATION_ID, repo: REPO, canary: "test/podinfo", reason: "revert PR #2 merged", pullNumber: 2, sha: MERGE_SHA },
        { installationId: INSTALLATION_ID, repo: REPO, reason: "revert PR #2 merged", pullNumber: 2, sha: MERGE_SHA },
      ]);
    });

    it.each(["opened", "synchronize", "reopened", "ready_for_review"])("previews a PR when %s", async (action) => {
      const payload = webhookExample("pull_request", action);
      await receive("pull_request", payload);
      expect(engine.enqueued).toEqual<WorkItem[]>([
        {
          installationId: INSTALLATION_ID,
          repo: REPO,
          reason: "preview #2",
          pullNumber: 2,
          preview: { pullNumber: 2, headSha: payload.pull_request.head.sha, headRef: "changes", baseRef: "master" },
        },
      ]);
    });

    it("does not preview drafts or the bot's own PRs", async () => {
      const draft = webhookExample("pull_request", "opened");
      draft.pull_request.draft = true;
      const promotion = webhookExample("pull_request", "synchronize");
      promotion.pull_request.head.ref = "canary-bot/promote/test/podinfo";
      await receive("pull_request", draft);
      await receive("pull_request", promotion);
      expect(engine.enqueued).toEqual([]);
    });

    it("does nothing for other actions", async () => {
      await receive("pull_request", webhookExample("pull_request", "labeled"));
      expect(engine.enqueued).toEqual([]);
    });
  });

  describe("pull_request_review", () => {
    function review(state: string, headRef = "canary-bot/promote/test/podinfo", reviewer = user("alice")) {
      const payload = webhookExample("pull_request_review", "submitted");
      payload.review.state = state;
      payload.review.user = reviewer;
      payload.sender = reviewer;
      payload.pull_request.head.ref = headRef;
      return payload;
    }

    it("asks to release the promotion gate on an approval of a promotion PR", async () => {
      await receive("pull_request_review", review("approved"));
      expect(engine.enqueued).toEqual<WorkItem[]>([
        {
          installationId: INSTALLATION_ID,
          repo: REPO,
          canary: "test/podinfo",
          reason: "approval of promotion PR #2 by @alice",
          pullNumber: 2,
          commands: [
            {
              command: { type: "approve-promotion", by: "alice" },
              source: { kind: "review", pullNumber: 2, reviewId: 237895671, commitSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" },
            },
          ],
        },
      ]);
    });

    it("ignores comments, change requests, other PRs and bots", async () => {
      await receive("pull_request_review", review("commented"));
      await receive("pull_request_review", review("changes_requested"));
      await receive("pull_request_review", review("approved", "changes"));
      await receive("pull_request_review", review("approved", "canary-bot/promote/test/podinfo", user("renovate[bot]", "Bot")));
      expect(engine.enqueued).toEqual([]);
    });
  });

  describe("issue_comment", () => {
    function comment(body: string, author = user("alice"), onPullRequest = true) {
      const payload = webhookExample("issue_comment", "created");
      payload.comment.body = body;
      payload.comment.user = author;
      payload.sender = author;
      payload.issue.number = 42;
      if (onPullRequest) payload.issue.pull_request = { url: "https://api.github.com/repos/acme/deploys/pulls/42" };
      else delete payload.issue.pull_request;
      return payload;
    }

    it("queues a command for the Canary it names", async () => {
      const body = "Error rate looks fine.\n/canary promote test/podinfo";
      await receive("issue_comment", comment(body));
      expect(engine.enqueued).toEqual<WorkItem[]>([
        {
          installationId: INSTALLATION_ID,
          repo: REPO,
          canary: "test/podinfo",
          reason: "/canary promote by @alice on #42",
          pullNumber: 42,
          commands: [{ command: { type: "promote", by: "alice" }, source: { kind: "comment", issueNumber: 42, commentId: 492700400, body } }],
        },
      ]);
    });

    it("leaves the Canary to the engine when the command names none or only a name", async () => {
      await receive("issue_comment", comment("/canary rollback"));
      await receive("issue_comment", comment("/canary Pause podinfo"));
      expect(engine.enqueued.map((i) => [i.canary, i.pullNumber, i.commands?.[0]?.command])).toEqual([
        [undefined, 42, { type: "rollback", by: "alice" }],
        [undefined, 42, { type: "pause", by: "alice" }],
      ]);
    });

    it("ignores bots, issues, comments without a command, and edits", async () => {
      await receive("issue_comment", comment("/canary rollback", user("canary-bot[bot]", "Bot")));
      await receive("issue_comment", comment("/canary rollback", user("alice"), false));
      await receive("issue_comment", comment("Thanks!"));
      const edited = webhookExample("issue_comment", "edited");
      edited.comment.body = "/canary rollback";
      edited.issue.pull_request = { url: "https://api.github.com/repos/acme/deploys/pulls/1" };
      await receive("issue_comment", edited);
      expect(engine.enqueued).toEqual([]);
    });

    it("answers a command it cannot read, once, and queues nothing", async () => {
      github()
        .expect("POST", `/app/installations/${String(INSTALLATION_ID)}/access_tokens`)
        .reply(201, { token: "ghs_test", expires_at: "2030-01-01T00:00:00Z" })
        .expect("POST", "/repos/acme/deploys/issues/42/comments")
        .reply(201, issueComment(7, "reply", "canary-bot[bot]"));
      const payload = comment("/canary promot");
      await receive("issue_comment", payload, "typo-1");
      await receive("issue_comment", payload, "typo-1");
      expect(engine.enqueued).toEqual([]);
      const [body] = github().bodies("POST", "/repos/acme/deploys/issues/42/comments") as { body: string }[];
      expect(body?.body.split("\n").slice(0, 3)).toEqual([
        "> `/canary promot`",
        "",
        "**canary-bot** did not run this: unknown command `promot`; did you mean promote? The commands are promote, rollback, pause, resume, retry.",
      ]);
    });

    it("logs, and does not fail the delivery, when the answer cannot be posted", async () => {
      github()
        .expect("POST", `/app/installations/${String(INSTALLATION_ID)}/access_tokens`)
        .reply(201, { token: "ghs_test", expires_at: "2030-01-01T00:00:00Z" })
        .expect("POST", "/repos/acme/deploys/issues/42/comments")
        .reply(403, { ...errorBody("Resource not accessible by integration"), status: "403" });
      await receive("issue_comment", comment("/canary"), "no-verb");
      expect(log.lines.filter((l) => l.startsWith("error"))).toEqual([
        "error delivery no-verb issue_comment.created: could not answer on #42 (a command is missing after /canary; the commands are promote, rollback, pause, resume, retry): Resource not accessible by integration - https://docs.github.com/rest",
      ]);
    });
  });

  describe("check_run", () => {
    function action(identifier: string, externalId: string, name = "canary-bot: test/podinfo") {
      const payload = webhookExample("check_run", "requested_action");
      payload.requested_action = { identifier };
      payload.check_run.external_id = externalId;
      payload.check_run.name = name;
      payload.sender = user("alice");
      return payload;
    }

    it("turns a button into a command for the run's Canary", async () => {
      const payload = action("rollback", "test/podinfo@3f9a1c");
      await receive("check_run", payload);
      expect(engine.enqueued).toEqual<WorkItem[]>([
        {
          installationId: INSTALLATION_ID,
          repo: REPO,
          canary: "test/podinfo",
          reason: "rollback button by @alice",
          sha: payload.check_run.head_sha,
          commands: [{ command: { type: "rollback", by: "alice" }, source: { kind: "check-run", checkRunId: payload.check_run.id } }],
        },
      ]);
    });

    it("never guesses: unknown buttons and runs that name no Canary queue nothing", async () => {
      await receive("check_run", action("lgtm", "test/podinfo"));
      await receive("check_run", action("promote", "", "API Review"));
      const bot = action("promote", "test/podinfo");
      bot.sender = user("renovate[bot]", "Bot");
      await receive("check_run", bot);
      expect(engine.enqueued).toEqual([]);
    });

    it("reconciles on a re-run, the run's Canary or else the repository", async () => {
      const ours = webhookExample("check_run", "rerequested");
      ours.check_run.external_id = "test/podinfo@3f9a1c";
      await receive("check_run", ours);
      await receive("check_run", webhookExample("check_run", "rerequested"));
      expect(engine.enqueued).toEqual<WorkItem[]>([
        { installationId: INSTALLATION_ID, repo: REPO, canary: "test/podinfo", reason: "check run re-run by @octocat", sha: ours.check_run.head_sha },
        { installationId: INSTALLATION_ID, repo: REPO, reason: "check run re-run by @octocat", sha: ours.check_run.head_sha },
      ]);
    });

    it("reconciles the repository when all checks are re-run", async () => {
      const payload = webhookExample("check_suite", "rerequested");
      await receive("check_suite", payload);
      expect(engine.enqueued).toEqual<WorkItem[]>([
        { installationId: INSTALLATION_ID, repo: REPO, reason: `check suite re-run by @${String(payload.sender.login)}`, sha: payload.check_suite.head_sha },
      ]);
    });
  });

  describe("installation", () => {
    it("reconciles every repository of a new installation", async () => {
      const payload = webhookExample("installation", "created");
      payload.repositories = [{ full_name: "acme/deploys" }, { full_name: "acme/platform" }].map((r, i) => ({ ...r, id: i, node_id: `R_${String(i)}`, name: r.full_name.split("/")[1], private: true }));
      await receive("installation", payload);
      expect(engine.enqueued).toEqual<WorkItem[]>([
        { installationId: INSTALLATION_ID, repo: "acme/deploys", reason: "installed" },
        { installationId: INSTALLATION_ID, repo: "acme/platform", reason: "installed" },
      ]);
    });

    it("reconciles repositories added to an installation", async () => {
      await receive("installation_repositories", webhookExample("installation_repositories", "added"));
      expect(engine.enqueued).toEqual<WorkItem[]>([{ installationId: INSTALLATION_ID, repo: "Codertocat/Space", reason: "repository added" }]);
    });

    it("queues nothing when repositories or the installation go away", async () => {
      await receive("installation_repositories", webhookExample("installation_repositories", "removed"));
      await receive("installation", webhookExample("installation", "deleted"));
      expect(engine.enqueued).toEqual([]);
      expect(log.lines.filter((l) => l.includes("nothing to queue"))).toEqual([
        "info delivery delivery-1 installation_repositories.removed: installation 42 changed; nothing to queue",
        "info delivery delivery-2 installation.deleted: installation 42 changed; nothing to queue",
      ]);
    });
  });
});
