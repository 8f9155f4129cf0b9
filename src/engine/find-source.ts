import { parseAllDocuments } from "yaml";
import { canonicalJson } from "../core/revision/canonical-json.js";
import type { SourceChange } from "../core/machine/types.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { Repository, TreeFile } from "../ports/repository.js";
import { isBotCommit } from "./bot-commits.js";

/** How far back the source of a revision is looked for. */
const SEARCH_DEPTH = 30;

function podTemplate(content: string | undefined, name: string): string | undefined {
  if (content === undefined) return undefined;
  for (const doc of parseAllDocuments(content)) {
    const value: unknown = doc.toJS();
    if (typeof value !== "object" || value === null) continue;
    const o = value as { kind?: unknown; metadata?: { name?: unknown }; spec?: { template?: unknown } };
    if (o.kind === "Deployment" && o.metadata?.name === name) return canonicalJson(o.spec?.template ?? null);
  }
  return undefined;
}

async function fileAt(repository: Repository, commit: string, file: string): Promise<TreeFile | undefined> {
  return (await repository.listFiles(commit, [file])).files.find((f) => f.path === file);
}

async function templateOf(repository: Repository, entry: TreeFile | undefined, name: string): Promise<string | undefined> {
  if (!entry) return undefined;
  return podTemplate((await repository.readFiles([entry])).get(entry.path), name);
}

/**
 * The change that started a revision: the newest commit (not the bot's) that changed the
 * target's pod template. Merges of the bot's own PRs (bootstrap, promotion) only touch
 * replicas or generated files, so they are never mistaken for the source.
 */
export async function findSource(input: {
  readonly repository: Repository;
  readonly branch: string;
  readonly canary: ResolvedCanary;
  readonly targetFile: string | undefined;
  readonly botLogin: string;
  readonly fallbackSha: string;
}): Promise<SourceChange> {
  const { repository, canary, targetFile } = input;
  const commits = (await repository.recentCommits(input.branch, SEARCH_DEPTH)).filter((c) => !isBotCommit(c, input.botLogin));
  let sha = commits[0]?.sha ?? input.fallbackSha;
  if (targetFile !== undefined) {
    for (const commit of commits) {
      const parent = commit.parents[0];
      if (parent === undefined) {
        sha = commit.sha;
        break;
      }
      const [now, before] = await Promise.all([fileAt(repository, commit.sha, targetFile), fileAt(repository, parent, targetFile)]);
      // Same blob, same template: only a changed file is read and parsed.
      if (now?.blobSha === before?.blobSha) continue;
      const [templateNow, templateBefore] = await Promise.all([
        templateOf(repository, now, canary.targetRef.name),
        templateOf(repository, before, canary.targetRef.name),
      ]);
      if (templateNow !== templateBefore) {
        sha = commit.sha;
        break;
      }
    }
  }
  const pr = await repository.pullRequestOf(sha);
  if (!pr) return { sha };
  return { sha, pullRequest: { number: pr.number, title: pr.title, headSha: pr.headSha, ...(pr.author !== undefined ? { author: pr.author } : {}) } };
}
