import { describe, expect, it } from "vitest";
import { applyIntent } from "../../../../src/core/gitops/apply-intent.js";
import { canaryReplicas, primaryRevision } from "../../../../src/core/gitops/replicas.js";
import type { FileChange, RepoFile } from "../../../../src/core/gitops/types.js";
import type { CommitIntent, TrafficState } from "../../../../src/core/machine/types.js";
import type { ResolvedCanary } from "../../../../src/core/spec/model.js";
import { makeCanary } from "../../../support/canary-builder.js";
import { bootstrap, changedLines, docsOf, routeFixture, validateGenerated, withHpa } from "./fixtures.js";
import { podinfoRepo } from "./podinfo-repo.js";

const GENERATED = "apps/podinfo/podinfo.canary-bot.yaml";
const DEPLOYMENT = "apps/podinfo/deployment.yaml";
const at = (p: number, c: number, extra: Partial<TrafficState> = {}): TrafficState => ({ primaryWeight: p, canaryWeight: c, mirrored: false, ...extra });

function applied(files: readonly RepoFile[], changes: readonly FileChange[]): RepoFile[] {
  const out = files.filter((f) => !changes.some((c) => c.path === f.path && c.content === null)).map((f) => ({ path: f.path, content: changes.find((c) => c.path === f.path)?.content ?? f.content }));
  for (const c of changes) if (c.content !== null && !files.some((f) => f.path === c.path)) out.push({ path: c.path, content: c.content });
  return out;
}

function bootstrapped(canary: ResolvedCanary, extra: readonly RepoFile[] = []): RepoFile[] {
  const files = podinfoRepo(extra);
  return applied(files, bootstrap(canary, files, "rev-1"));
}

function intent(canary: ResolvedCanary, files: readonly RepoFile[], i: CommitIntent): FileChange[] {
  const r = applyIntent(canary, i, files);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return [...r.value.changes];
}

function file(files: readonly RepoFile[], path: string): string {
  return files.find((f) => f.path === path)?.content ?? "";
}

describe("applyIntent on a bootstrapped podinfo repository", () => {
  const canary = withHpa(makeCanary());
  const repo = bootstrapped(canary);

  it("scale-up-canary edits only the target's replicas", () => {
    const changes = intent(canary, repo, { type: "scale-up-canary", replicas: 2 });
    expect(changes.map((c) => c.path)).toEqual([DEPLOYMENT]);
    expect(changedLines(file(repo, DEPLOYMENT), changes[0]!.content!)).toEqual([{ line: 8, before: "  replicas: 0", after: "  replicas: 2" }]);
  });

  it("a route step is a two-line diff of the generated file", () => {
    const first = applied(repo, intent(canary, repo, { type: "route", traffic: at(90, 10) }));
    const second = intent(canary, first, { type: "route", traffic: at(80, 20) });
    expect(second.map((c) => c.path)).toEqual([GENERATED]);
    expect(changedLines(file(first, GENERATED), second[0]!.content!)?.map((c) => [c.before.trim(), c.after.trim()])).toEqual([
      ["weight: 90", "weight: 80"],
      ["weight: 10", "weight: 20"],
    ]);
    validateGenerated(second[0]!.content!);
  });

  it("promote copies the target's template into the primary with the new revision", () => {
    const bumped = repo.map((f) => (f.path === DEPLOYMENT ? { ...f, content: f.content.replace("podinfo:6.0.0", "podinfo:6.0.1") } : f));
    const changes = intent(canary, bumped, { type: "promote", revision: "rev-2" });
    expect(changes.map((c) => c.path)).toEqual([GENERATED]);
    expect(changedLines(file(bumped, GENERATED), changes[0]!.content!)?.map((c) => c.after.trim())).toEqual(["canary-bot.io/revision: rev-2", "image: ghcr.io/stefanprodan/podinfo:6.0.1"]);
    validateGenerated(changes[0]!.content!);
    expect(primaryRevision(canary, applied(bumped, changes))).toEqual({ ok: true, value: "rev-2" });
  });

  it.each(["finalise", "rollback"] as const)("%s routes back and scales the canary to 0 in one change set", (type) => {
    const running = applied(repo, [...intent(canary, repo, { type: "scale-up-canary", replicas: 2 }), ...intent(canary, repo, { type: "route", traffic: at(60, 40) })]);
    const changes = intent(canary, running, { type, traffic: at(100, 0), scaleCanaryToZero: true });
    expect(changes.map((c) => c.path)).toEqual([GENERATED, DEPLOYMENT]);
    expect(changedLines(file(running, DEPLOYMENT), changes[1]!.content!)).toEqual([{ line: 8, before: "  replicas: 2", after: "  replicas: 0" }]);
    expect(changes[0]!.content).toBe(file(repo, GENERATED));
  });

  it("route-to-canary sends all traffic to the canary", () => {
    const changes = intent(canary, repo, { type: "route-to-canary", traffic: at(0, 100) });
    const route = (docsOf(changes[0]!.content!) as any[]).find((d) => d.kind === "HTTPRoute");
    expect(route.spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual([0, 100]);
  });

  it("patches an adopted route in its own file", () => {
    const adoptedRepo = bootstrapped(makeCanary(), [{ path: "apps/podinfo/route.yaml", content: routeFixture("podinfo-route.yaml") }]);
    const changes = intent(makeCanary(), adoptedRepo, { type: "route", traffic: at(70, 30) });
    expect(changes.map((c) => c.path)).toEqual(["apps/podinfo/route.yaml"]);
    expect(changedLines(file(adoptedRepo, "apps/podinfo/route.yaml"), changes[0]!.content!)?.map((c) => c.after.trim())).toEqual(["weight: 70", "weight: 30"]);
  });

  it("refuses intents before bootstrap", () => {
    const r = applyIntent(canary, { type: "route", traffic: at(90, 10) }, podinfoRepo());
    expect(!r.ok && r.issues[0]?.message).toBe("Canary test/podinfo is not bootstrapped: apps/podinfo/podinfo.canary-bot.yaml is missing");
  });

  it("reports route errors with the Canary's location", () => {
    const affinity = makeCanary({ analysis: { sessionAffinity: { cookieName: "c", maxAge: 10 } } });
    const r = applyIntent(affinity, { type: "route", traffic: at(90, 10) }, bootstrapped(affinity));
    expect(!r.ok && r.issues).toEqual([{ location: affinity.location, field: "traffic.canaryCookie", message: "session affinity needs the canary cookie while the canary has weight", severity: "error" }]);
  });
});

describe("canaryReplicas and primaryRevision", () => {
  it("uses the primary's replicas, else the HPA's minReplicas, else 1", () => {
    const three = podinfoRepo().map((f) => (f.path === DEPLOYMENT ? { ...f, content: f.content.replace("spec:\n  minReadySeconds", "spec:\n  replicas: 3\n  minReadySeconds") } : f));
    expect(canaryReplicas(makeCanary(), applied(three, bootstrap(makeCanary(), three)))).toEqual({ ok: true, value: 3 });
    expect(canaryReplicas(withHpa(makeCanary()), bootstrapped(withHpa(makeCanary())))).toEqual({ ok: true, value: 2 });
    expect(canaryReplicas(makeCanary(), bootstrapped(makeCanary()))).toEqual({ ok: true, value: 1 });
  });

  it("reads the revision from the generated primary, undefined before bootstrap", () => {
    expect(primaryRevision(makeCanary(), bootstrapped(makeCanary()))).toEqual({ ok: true, value: "rev-1" });
    expect(primaryRevision(makeCanary(), podinfoRepo())).toEqual({ ok: true, value: undefined });
  });
});
