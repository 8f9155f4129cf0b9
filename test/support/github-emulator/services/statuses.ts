import type { EmulatorCore } from "../core.js";
import { nodeId } from "../state/node-ids.js";
import type { CommitState, RepoRecord, StatusRecord, UserRecord } from "../state/records.js";
import { emitRepoEvent } from "../webhooks/emit.js";

export interface NewStatus {
  readonly state: CommitState;
  readonly context?: string;
  readonly description?: string;
  readonly targetUrl?: string;
}

/** Records a commit status and sends the `status` event. */
export function createStatus(core: EmulatorCore, repo: RepoRecord, creator: UserRecord, sha: string, input: NewStatus): StatusRecord {
  const id = core.world.nextId();
  const status: StatusRecord = {
    id,
    nodeId: nodeId("StatusContext", id),
    sha,
    state: input.state,
    context: input.context ?? "default",
    description: input.description ?? null,
    targetUrl: input.targetUrl ?? null,
    creator,
    createdAt: core.world.timestamp(),
  };
  repo.statuses.push(status);
  emitRepoEvent(
    core,
    repo,
    "status",
    {
      id,
      sha,
      name: repo.fullName,
      target_url: status.targetUrl,
      context: status.context,
      description: status.description,
      state: status.state,
      branches: [],
      created_at: status.createdAt,
      updated_at: status.createdAt,
    },
    creator,
  );
  return status;
}
