import { describe, expect, it } from "vitest";
import { InvariantError } from "../../../src/core/errors.js";
import { OctokitComments, stickyMarker } from "../../../src/adapters/github/octokit-comments.js";
import { useGitHubMock } from "../../support/http-mock.js";
import { BOT_LOGIN, OWNER, REPO, REPO_PATH, issueComment } from "../../fixtures/github/responses.js";
import { testOctokit } from "./test-octokit.js";

const COMMENTS = `${REPO_PATH}/issues/42/comments`;
const MARKER = "<!-- canary-bot:status/test/podinfo -->";
const BODY = "**canary-bot** · `test/podinfo` · 🟡 30 % canary (step 3 of 5)";

function comments(): OctokitComments {
  return new OctokitComments(testOctokit(), { owner: OWNER, repo: REPO }, { botLogin: BOT_LOGIN });
}

describe("OctokitComments", () => {
  const github = useGitHubMock();

  it("creates the sticky comment with its hidden marker when there is none", async () => {
    github()
      .expect("GET", COMMENTS, { query: { per_page: "100" } })
      // A person quoting the bot's comment carries the marker too; it is not the sticky one.
      .reply(200, [issueComment(1, `${MARKER}\nquoted by a person`, "alice")])
      .expect("POST", COMMENTS)
      .reply(201, issueComment(2, `${MARKER}\n${BODY}`, BOT_LOGIN));
    expect(await comments().upsertSticky({ issueNumber: 42, key: "status/test/podinfo", body: BODY })).toEqual({
      id: 2,
      url: "https://github.com/acme/deploys/pull/42#issuecomment-2",
      outcome: "created",
    });
    expect(github().bodies("POST", COMMENTS)).toEqual([{ body: `${MARKER}\n${BODY}` }]);
  });

  it("edits the comment in place when the body changed, looking through every page", async () => {
    const others = Array.from({ length: 100 }, (_, i) => issueComment(100 + i, "lgtm", "alice"));
    github()
      .expect("GET", COMMENTS, { query: { per_page: "100" } })
      .reply(200, others, { link: `<https://api.github.com${COMMENTS}?per_page=100&page=2>; rel="next", <https://api.github.com${COMMENTS}?per_page=100&page=2>; rel="last"` })
      .expect("GET", COMMENTS, { query: { per_page: "100", page: "2" } })
      .reply(200, [issueComment(7, `${MARKER}\nold body`, BOT_LOGIN), issueComment(8, "<!-- canary-bot:status/other/app -->\nx", BOT_LOGIN)])
      .expect("PATCH", `${REPO_PATH}/issues/comments/7`)
      .reply(200, issueComment(7, `${MARKER}\n${BODY}`, BOT_LOGIN));
    expect(await comments().upsertSticky({ issueNumber: 42, key: "status/test/podinfo", body: BODY })).toEqual({
      id: 7,
      url: "https://github.com/acme/deploys/pull/42#issuecomment-7",
      outcome: "updated",
    });
    expect(github().bodies("PATCH", `${REPO_PATH}/issues/comments/7`)).toEqual([{ body: `${MARKER}\n${BODY}` }]);
  });

  it("writes nothing when the comment already says exactly this", async () => {
    github()
      .expect("GET", COMMENTS, { query: { per_page: "100" } })
      .reply(200, [issueComment(7, `${MARKER}\n${BODY}`, BOT_LOGIN)]);
    expect((await comments().upsertSticky({ issueNumber: 42, key: "status/test/podinfo", body: BODY })).outcome).toBe("unchanged");
  });

  it("cuts an over-long body but keeps the marker", async () => {
    github()
      .expect("GET", COMMENTS, { query: { per_page: "100" } })
      .reply(200, [])
      .expect("POST", COMMENTS)
      .reply(201, issueComment(2, "x", BOT_LOGIN));
    await comments().upsertSticky({ issueNumber: 42, key: "status/test/podinfo", body: "y".repeat(70_000) });
    const sent = (github().bodies("POST", COMMENTS)[0] as { body: string }).body;
    expect(sent.startsWith(`${MARKER}\nyyy`)).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(65_536);
    expect(sent.endsWith("_(cut to fit GitHub's 65,535-character limit)_")).toBe(true);
  });

  it("replies by mentioning the person and quoting their command", async () => {
    github().expect("POST", COMMENTS).reply(201, issueComment(3, "reply", BOT_LOGIN));
    await comments().reply({ issueNumber: 42, to: "mallory", quote: "\n/canary promote test/podinfo\nplease", body: "Only people with write access to acme/deploys can promote; nothing was changed." });
    expect(github().bodies("POST", COMMENTS)).toEqual([
      { body: "@mallory\n> /canary promote test/podinfo\n\nOnly people with write access to acme/deploys can promote; nothing was changed." },
    ]);
  });

  it("refuses a key that would break out of the HTML comment", () => {
    expect(() => stickyMarker("a-->b")).toThrow(new InvariantError('sticky comment key "a-->b" cannot be used in an HTML comment'));
  });
});
