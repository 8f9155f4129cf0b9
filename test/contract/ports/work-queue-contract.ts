import { describe, expect, it } from "vitest";
import { deferred, until } from "../../support/async.js";
import type { WorkItem, WorkQueue } from "../../../src/ports/work-queue.js";



/** The behaviour every WorkQueue must have, run against each implementation. */
export function describeWorkQueueContract(name: string, make: () => Promise<{ queue: WorkQueue; cleanup: () => Promise<void> }>): void {
  describe(`WorkQueue contract: ${name}`, () => {
    const item = (canary: string, reason = "push"): WorkItem => ({ repo: "acme/deploys", canary, reason });

    it("runs enqueued work, merging items of the same Canary that wait together", async () => {
      const { queue, cleanup } = await make();
      try {
        const seen: WorkItem[] = [];
        await queue.enqueue(item("test/a", "push"), 50);
        await queue.enqueue({ ...item("test/a", "comment"), commands: [{ command: { type: "pause", by: "octocat" }, source: { kind: "local" } }] }, 50);
        await queue.enqueue(item("test/b"), 50);
        queue.start((w) => {
          seen.push(w);
          return Promise.resolve();
        });
        await until(() => seen.length >= 2, 5_000);
        await new Promise((r) => setTimeout(r, 100));
        expect(seen).toHaveLength(2);
        const a = seen.find((w) => w.canary === "test/a");
        expect(a?.reason).toBe("push, comment");
        expect(a?.commands).toEqual([{ command: { type: "pause", by: "octocat" }, source: { kind: "local" } }]);
      } finally {
        await cleanup();
      }
    });

    it("never runs one Canary twice at the same time, but runs others meanwhile", async () => {
      const { queue, cleanup } = await make();
      try {
        const gate = deferred();
        let running = 0;
        let maxRunning = 0;
        const order: string[] = [];
        queue.start(async (w) => {
          order.push(`start ${w.canary ?? ""} ${w.reason}`);
          if (w.canary === "test/a") {
            running++;
            maxRunning = Math.max(maxRunning, running);
            if (w.reason === "first") await gate.promise;
            running--;
          }
          order.push(`end ${w.canary ?? ""} ${w.reason}`);
        });
        await queue.enqueue(item("test/a", "first"));
        await until(() => order.includes("start test/a first"), 5_000);
        await queue.enqueue(item("test/a", "second"));
        await queue.enqueue(item("test/b", "other"));
        await until(() => order.includes("end test/b other"), 5_000);
        expect(order).not.toContain("start test/a second");
        gate.resolve();
        await until(() => order.includes("end test/a second"), 5_000);
        expect(maxRunning).toBe(1);
      } finally {
        await cleanup();
      }
    });

    it("delays work and retries work whose handler failed", async () => {
      const { queue, cleanup } = await make();
      try {
        const attempts: number[] = [];
        const started = Date.now();
        queue.start((w) => {
          attempts.push(Date.now() - started);
          if (attempts.length === 1) return Promise.reject(new Error(`boom ${w.reason}`));
          return Promise.resolve();
        });
        await queue.enqueue(item("test/a"), 100);
        await until(() => attempts.length >= 2, 5_000);
        expect(attempts[0]).toBeGreaterThanOrEqual(90);
        expect(await queue.depth()).toBe(0);
      } finally {
        await cleanup();
      }
    });

    it("merges waiting items field by field: earliest due wins, reasons once, commands in order, latest details", async () => {
      const { queue, cleanup } = await make();
      try {
        const pause = { command: { type: "pause", by: "octocat" }, source: { kind: "local" } } as const;
        const resume = { command: { type: "resume", by: "hubot" }, source: { kind: "check-run", checkRunId: 7 } } as const;
        await queue.enqueue({ ...item("test/a", "push"), installationId: 1, sha: "s1", commands: [pause] }, 60_000);
        await queue.enqueue({ ...item("test/a", "comment"), sha: "s2", pullNumber: 42 }, 0);
        await queue.enqueue({ ...item("test/a", "push"), commands: [resume] }, 60_000);
        await queue.enqueue(item("test/b", "tick"), 60_000);
        expect(await queue.depth()).toBe(2);
        const seen: WorkItem[] = [];
        queue.start((w) => {
          seen.push(w);
          return Promise.resolve();
        });
        // Runs now, not in a minute: the merged item keeps the earliest due time.
        await until(() => seen.length >= 1, 5_000);
        expect(seen).toEqual([
          { repo: "acme/deploys", canary: "test/a", reason: "push, comment", installationId: 1, sha: "s2", pullNumber: 42, commands: [pause, resume] },
        ]);
        expect(await queue.depth()).toBe(1);
      } finally {
        await cleanup();
      }
    });

    it("keeps previews of different pull requests apart and merges the same one", async () => {
      const { queue, cleanup } = await make();
      try {
        const preview = (pullNumber: number, headSha: string) => ({ pullNumber, headSha, headRef: `feature-${String(pullNumber)}`, baseRef: "main" });
        await queue.enqueue({ repo: "acme/deploys", reason: "pull_request", preview: preview(1, "a1") }, 60_000);
        await queue.enqueue({ repo: "acme/deploys", reason: "pull_request", preview: preview(1, "a2") }, 60_000);
        await queue.enqueue({ repo: "acme/deploys", reason: "pull_request", preview: preview(2, "b1") }, 60_000);
        await queue.enqueue({ repo: "acme/deploys", reason: "push" }, 60_000);
        expect(await queue.depth()).toBe(3);
      } finally {
        await cleanup();
      }
    });

    it("stop waits for the handler that is running", async () => {
      const { queue, cleanup } = await make();
      const gate = deferred();
      try {
        const events: string[] = [];
        queue.start(async () => {
          events.push("started");
          await gate.promise;
          events.push("finished");
        });
        await queue.enqueue(item("test/a"));
        await until(() => events.includes("started"), 5_000);
        const stopped = queue.stop().then(() => {
          events.push("stopped");
        });
        await new Promise((r) => setTimeout(r, 50));
        expect(events).toEqual(["started"]);
        gate.resolve();
        await stopped;
        expect(events).toEqual(["started", "finished", "stopped"]);
      } finally {
        gate.resolve();
        await cleanup();
      }
    });
  });
}
