/** An EngineApi that records what the App queues, for the App's tests. */
import type { EngineApi, RolloutSummary } from "../../src/engine/engine-api.js";
import type { WorkItem } from "../../src/ports/work-queue.js";

export class RecordingEngine implements EngineApi {
  readonly enqueued: WorkItem[] = [];
  isReady = true;
  summaries: RolloutSummary[] = [];
  failRollouts: Error | undefined;

  enqueue(item: WorkItem): Promise<void> {
    this.enqueued.push(item);
    return Promise.resolve();
  }

  rollouts(): Promise<readonly RolloutSummary[]> {
    return this.failRollouts ? Promise.reject(this.failRollouts) : Promise.resolve(this.summaries);
  }

  ready(): boolean {
    return this.isReady;
  }
}

export interface RecordedLog {
  readonly lines: string[];
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function recordingLog(): RecordedLog {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}
