import type { Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import { FULL_SHA } from "../git/git-objects.js";
import {
  bodyObject,
  isObject,
  oneOf,
  optionalArray,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredString,
  type JsonObject,
} from "../http/body.js";
import { HttpError, forbidden, invalidRequest, unprocessable } from "../http/http-error.js";
import { checkRunJson } from "../render/checks.js";
import { nodeId } from "../state/node-ids.js";
import type {
  CheckAction,
  CheckAnnotation,
  CheckConclusion,
  CheckRunRecord,
  CheckStatus,
  RepoRecord,
  UserRecord,
} from "../state/records.js";
import { emitRepoEvent } from "../webhooks/emit.js";

/** Limits from GitHub's check-run documentation. */
export const CHECK_LIMITS = {
  textLength: 65_535,
  annotationsPerRequest: 50,
  actions: 3,
  actionLabel: 20,
  actionDescription: 40,
  actionIdentifier: 20,
} as const;

/** `waiting`, `requested` and `pending` are reserved for GitHub Actions. */
const STATUSES: readonly CheckStatus[] = ["queued", "in_progress", "completed"];
const CONCLUSIONS: readonly CheckConclusion[] = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];
const LEVELS: readonly CheckAnnotation["annotationLevel"][] = ["notice", "warning", "failure"];

interface CheckRunInput {
  readonly name?: string;
  readonly headSha?: string;
  readonly detailsUrl?: string;
  readonly externalId?: string;
  readonly status?: CheckStatus;
  readonly conclusion?: CheckConclusion;
  readonly startedAt?: string;
  readonly completedAt?: string;
  readonly output?: { title: string; summary: string; text: string | null; annotations: CheckAnnotation[] };
  readonly actions?: CheckAction[];
}

function limitText(value: string | undefined): void {
  if (value !== undefined && value.length > CHECK_LIMITS.textLength) {
    throw invalidRequest(`Only ${String(CHECK_LIMITS.textLength)} characters are allowed; ${String(value.length)} were supplied.`);
  }
}

function tooLong(field: string, value: string, max: number): HttpError {
  return invalidRequest(`For 'properties/${field}', ${JSON.stringify(value)} is too long (maximum is ${String(max)} characters).`);
}

function parseAnnotation(value: unknown): CheckAnnotation {
  if (!isObject(value)) throw invalidRequest(`For 'items', ${JSON.stringify(value)} is not an object.`);
  const level = oneOf(value, "annotation_level", LEVELS);
  const startLine = optionalInteger(value, "start_line");
  const endLine = optionalInteger(value, "end_line");
  if (level === undefined) throw invalidRequest(`"annotation_level" wasn't supplied.`);
  if (startLine === undefined) throw invalidRequest(`"start_line" wasn't supplied.`);
  if (endLine === undefined) throw invalidRequest(`"end_line" wasn't supplied.`);
  return {
    path: requiredString(value, "path"),
    startLine,
    endLine,
    startColumn: optionalInteger(value, "start_column") ?? null,
    endColumn: optionalInteger(value, "end_column") ?? null,
    annotationLevel: level,
    title: optionalString(value, "title") ?? null,
    message: requiredString(value, "message"),
    rawDetails: optionalString(value, "raw_details") ?? null,
  };
}

function parseAction(value: unknown): CheckAction {
  if (!isObject(value)) throw invalidRequest(`For 'items', ${JSON.stringify(value)} is not an object.`);
  const label = requiredString(value, "label");
  const description = requiredString(value, "description");
  const identifier = requiredString(value, "identifier");
  if (label.length > CHECK_LIMITS.actionLabel) throw tooLong("label", label, CHECK_LIMITS.actionLabel);
  if (description.length > CHECK_LIMITS.actionDescription) throw tooLong("description", description, CHECK_LIMITS.actionDescription);
  if (identifier.length > CHECK_LIMITS.actionIdentifier) throw tooLong("identifier", identifier, CHECK_LIMITS.actionIdentifier);
  return { label, description, identifier };
}

function parseOutput(output: JsonObject): NonNullable<CheckRunInput["output"]> {
  const title = requiredString(output, "title");
  const summary = requiredString(output, "summary");
  const text = optionalString(output, "text") ?? null;
  limitText(summary);
  limitText(text ?? undefined);
  const annotations = (optionalArray(output, "annotations") ?? []).map(parseAnnotation);
  if (annotations.length > CHECK_LIMITS.annotationsPerRequest) {
    throw invalidRequest(`Only ${String(CHECK_LIMITS.annotationsPerRequest)} annotations are allowed per request; ${String(annotations.length)} were supplied.`);
  }
  return { title, summary, text, annotations };
}

/** Reads a create (`POST /check-runs`) or update (`PATCH /check-runs/{id}`) body. */
export function parseCheckRunInput(body: unknown, creating: boolean): CheckRunInput {
  const obj = bodyObject(body);
  const output = optionalObject(obj, "output");
  const actions = optionalArray(obj, "actions")?.map(parseAction);
  if (actions !== undefined && actions.length > CHECK_LIMITS.actions) {
    throw invalidRequest(`Only ${String(CHECK_LIMITS.actions)} actions are allowed; ${String(actions.length)} were supplied.`);
  }
  const input: CheckRunInput = {
    ...(creating ? { name: requiredString(obj, "name"), headSha: requiredString(obj, "head_sha") } : pick("name", optionalString(obj, "name"))),
    ...pick("detailsUrl", optionalString(obj, "details_url")),
    ...pick("externalId", optionalString(obj, "external_id")),
    ...pick("status", oneOf(obj, "status", STATUSES)),
    ...pick("conclusion", oneOf(obj, "conclusion", CONCLUSIONS)),
    ...pick("startedAt", optionalString(obj, "started_at")),
    ...pick("completedAt", optionalString(obj, "completed_at")),
    ...pick("output", output === undefined ? undefined : parseOutput(output)),
    ...pick("actions", actions),
  };
  if (input.status === "completed" && input.conclusion === undefined) throw invalidRequest(`"conclusion" wasn't supplied.`);
  return input;
}

function pick<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}

function appOf(actor: Actor): { appId: number; sender: UserRecord } {
  if (actor.kind !== "installation") throw forbidden("You must authenticate via a GitHub App.");
  return { appId: actor.app.id, sender: actor.app.botUser };
}

function applyInput(core: EmulatorCore, run: CheckRunRecord, input: CheckRunInput): void {
  if (input.name !== undefined) run.name = input.name;
  if (input.detailsUrl !== undefined) run.detailsUrl = input.detailsUrl;
  if (input.externalId !== undefined) run.externalId = input.externalId;
  if (input.startedAt !== undefined) run.startedAt = input.startedAt;
  if (input.status !== undefined) run.status = input.status;
  if (input.conclusion !== undefined) {
    // Setting a conclusion completes the run, as on GitHub.
    run.conclusion = input.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") run.completedAt = input.completedAt ?? run.completedAt ?? core.world.timestamp();
  if (input.output !== undefined) {
    run.output = { title: input.output.title, summary: input.output.summary, text: input.output.text };
    // Annotations accumulate across updates.
    run.annotations.push(...input.output.annotations);
  }
  if (input.actions !== undefined) run.actions = input.actions;
}

export async function createCheckRun(core: EmulatorCore, repo: RepoRecord, actor: Actor, body: unknown): Promise<CheckRunRecord> {
  const { appId, sender } = appOf(actor);
  const input = parseCheckRunInput(body, true);
  const headSha = input.headSha ?? "";
  if (!FULL_SHA.test(headSha) || (await repo.store.objectType(headSha)) !== "commit") {
    throw unprocessable(`No commit found for SHA: ${headSha}`);
  }
  const suiteKey = `${String(appId)}:${headSha}`;
  let suiteId = repo.checkSuites.get(suiteKey);
  if (suiteId === undefined) {
    suiteId = core.world.nextId();
    repo.checkSuites.set(suiteKey, suiteId);
  }
  const id = core.world.nextId();
  const now = core.world.timestamp();
  const run: CheckRunRecord = {
    id,
    nodeId: nodeId("CheckRun", id),
    repoId: repo.id,
    appId,
    suiteId,
    headSha,
    name: input.name ?? "",
    status: "queued",
    conclusion: null,
    startedAt: now,
    completedAt: null,
    externalId: null,
    detailsUrl: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    actions: [],
    createdAt: now,
  };
  applyInput(core, run, input);
  repo.checkRuns.set(id, run);
  emitRepoEvent(core, repo, "check_run", { action: "created", check_run: await checkRunJson(core, repo, run) }, sender);
  if (run.status === "completed") emitRepoEvent(core, repo, "check_run", { action: "completed", check_run: await checkRunJson(core, repo, run) }, sender);
  return run;
}

export async function updateCheckRun(core: EmulatorCore, repo: RepoRecord, actor: Actor, run: CheckRunRecord, body: unknown): Promise<void> {
  const { appId, sender } = appOf(actor);
  if (run.appId !== appId) throw forbidden(`Invalid app_id \`${String(appId)}\` - check run can only be modified by the GitHub App that created it.`);
  const input = parseCheckRunInput(body, false);
  const wasCompleted = run.status === "completed";
  applyInput(core, run, input);
  if (!wasCompleted && run.status === "completed") {
    emitRepoEvent(core, repo, "check_run", { action: "completed", check_run: await checkRunJson(core, repo, run) }, sender);
  }
}

export function findCheckRun(repo: RepoRecord, id: number): CheckRunRecord {
  const run = repo.checkRuns.get(id);
  if (!run) throw new HttpError(404, "Not Found");
  return run;
}

/**
 * A person clicks one of the run's buttons: GitHub sends `check_run.requested_action` to the
 * app. Buttons only show on a completed run, and only the ones the app defined exist.
 */
export async function requestCheckRunAction(core: EmulatorCore, repo: RepoRecord, clicker: UserRecord, run: CheckRunRecord, identifier: string): Promise<void> {
  if (run.status !== "completed") {
    throw new Error(`check run ${String(run.id)} is ${run.status}: GitHub shows its buttons only once it is completed`);
  }
  if (!run.actions.some((a) => a.identifier === identifier)) {
    const defined = run.actions.map((a) => a.identifier).join(", ") || "none";
    throw new Error(`check run ${String(run.id)} has no button "${identifier}" (defined: ${defined})`);
  }
  emitRepoEvent(
    core,
    repo,
    "check_run",
    { action: "requested_action", check_run: await checkRunJson(core, repo, run), requested_action: { identifier } },
    clicker,
  );
}

/** "Re-run" on a check run: GitHub sends `check_run.rerequested` to the app that owns it. */
export async function rerequestCheckRun(core: EmulatorCore, repo: RepoRecord, sender: UserRecord, run: CheckRunRecord): Promise<void> {
  emitRepoEvent(core, repo, "check_run", { action: "rerequested", check_run: await checkRunJson(core, repo, run) }, sender);
}
