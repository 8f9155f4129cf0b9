import type { CustomObjectsApi } from "@kubernetes/client-node";
import { ForbiddenError, InvariantError } from "../../core/errors.js";
import { directoryCovers, normaliseGitUrl, normaliseRepoPath } from "../../core/readiness/git-source-match.js";
import type { AppliedVia } from "../../ports/cluster-observer.js";
import type { CustomKind } from "./gitops-kinds.js";
import { ARGO_APPLICATION, FLUX_GIT_REPOSITORY, FLUX_KUSTOMIZATION } from "./gitops-kinds.js";
import { kubeCall } from "./kube-call.js";
import type { ArgoApplication, FluxGitRepository, FluxKustomization } from "./object-schemas.js";
import { argoApplicationSchema, fluxGitRepositorySchema, fluxKustomizationSchema, parseObject } from "./object-schemas.js";
import { requestOptions } from "./request-options.js";

export interface DiscoveryQuery {
  /** The repository holding the Canary, in any remote form (`https://…`, `git@…:…`, with or without `.git`). */
  readonly repoUrl: string;
  /** Path of the Canary's file (or of the files it changes) inside the repository. */
  readonly path: string;
  /** The branch the bot commits to; sources pinned to another branch, a tag or a commit are left out. */
  readonly branch?: string;
}

export interface DiscoveredVia {
  readonly via: AppliedVia;
  /** The source URL as the GitOps object writes it. */
  readonly sourceUrl: string;
  /** The directory it applies, normalised (`""` is the repository root). */
  readonly path: string;
}

export interface Discovery {
  /** Most specific first: the deepest directory, then kind, namespace and name. */
  readonly found: readonly DiscoveredVia[];
  /** Why some places were not searched or some objects were skipped, for people to read. */
  readonly notes: readonly string[];
}

interface Context {
  readonly client: CustomObjectsApi;
  readonly cluster: string;
  readonly timeoutMs: number;
}

/**
 * Which Flux Kustomizations and Argo CD Applications apply a file of a repository: their Git
 * source URL is the repository (URL forms normalised) and their directory contains the file.
 * Missing CRDs (Flux or Argo CD not installed) and missing list permission become notes, so a
 * cluster with only one of the two still answers; network failures are thrown as
 * `TransientError`.
 */
export async function discoverAppliedVia(context: Context, query: DiscoveryQuery): Promise<Discovery> {
  const repo = normaliseGitUrl(query.repoUrl);
  if (repo === undefined) throw new InvariantError(`discovery: "${query.repoUrl}" is not a Git remote URL`);
  const notes: string[] = [];
  const found: DiscoveredVia[] = [];

  const [kustomizations, repositories, applications] = await Promise.all([
    listAll(context, FLUX_KUSTOMIZATION, notes),
    listAll(context, FLUX_GIT_REPOSITORY, notes),
    listAll(context, ARGO_APPLICATION, notes),
  ]);

  const gitRepositories = new Map<string, FluxGitRepository>();
  for (const raw of repositories) {
    const parsed = parseObject(fluxGitRepositorySchema, raw, "a GitRepository");
    if (parsed.ok) gitRepositories.set(`${parsed.value.metadata.namespace}/${parsed.value.metadata.name}`, parsed.value);
    else notes.push(parsed.message);
  }
  for (const raw of kustomizations) {
    const parsed = parseObject(fluxKustomizationSchema, raw, "a Kustomization");
    if (!parsed.ok) {
      notes.push(parsed.message);
      continue;
    }
    const match = fluxMatch(parsed.value, gitRepositories, repo, query);
    if (match !== undefined) found.push(match);
  }
  for (const raw of applications) {
    const parsed = parseObject(argoApplicationSchema, raw, "an Application");
    if (!parsed.ok) {
      notes.push(parsed.message);
      continue;
    }
    const match = argoMatch(parsed.value, repo, query);
    if (match !== undefined) found.push(match);
  }

  found.sort(
    (a, b) =>
      depth(b.path) - depth(a.path) ||
      a.via.kind.localeCompare(b.via.kind) ||
      a.via.namespace.localeCompare(b.via.namespace) ||
      a.via.name.localeCompare(b.via.name),
  );
  return { found, notes };
}

async function listAll(context: Context, kind: CustomKind, notes: string[]): Promise<readonly unknown[]> {
  try {
    const result = await kubeCall(
      {
        cluster: context.cluster,
        verb: "list",
        group: kind.group,
        resource: kind.plural,
        kind: kind.kind,
        timeoutMs: context.timeoutMs,
      },
      () =>
        context.client.listClusterCustomObject(
          { group: kind.group, version: kind.version, plural: kind.plural },
          requestOptions(context.timeoutMs),
        ) as Promise<unknown>,
    );
    if (!result.found) {
      notes.push(result.message);
      return [];
    }
    const items = (result.value as { items?: unknown } | undefined)?.items;
    return Array.isArray(items) ? (items as unknown[]) : [];
  } catch (error: unknown) {
    if (error instanceof ForbiddenError) {
      notes.push(error.message);
      return [];
    }
    throw error;
  }
}

function fluxMatch(
  kustomization: FluxKustomization,
  repositories: ReadonlyMap<string, FluxGitRepository>,
  repo: string,
  query: DiscoveryQuery,
): DiscoveredVia | undefined {
  const { namespace, name } = kustomization.metadata;
  const source = kustomization.spec?.sourceRef;
  if (source?.kind !== "GitRepository") return undefined;
  const gitRepository = repositories.get(`${source.namespace ?? namespace}/${source.name}`);
  const url = gitRepository?.spec?.url;
  if (url === undefined || normaliseGitUrl(url) !== repo) return undefined;
  if (query.branch !== undefined && !fluxTracksBranch(gitRepository, query.branch)) return undefined;
  const path = normaliseRepoPath(kustomization.spec?.path ?? "");
  if (!directoryCovers(path, query.path, true)) return undefined;
  return { via: { kind: "flux-kustomization", namespace, name }, sourceUrl: url, path };
}

/** Flux GitRepository `spec.ref`: a pinned tag, semver, commit or other ref never follows the branch; unset means `master`. */
function fluxTracksBranch(repository: FluxGitRepository | undefined, branch: string): boolean {
  const ref = repository?.spec?.ref;
  if (ref?.commit !== undefined || ref?.tag !== undefined || ref?.semver !== undefined) return false;
  if (ref?.name !== undefined) return ref.name === `refs/heads/${branch}`;
  return (ref?.branch ?? "master") === branch;
}

function argoMatch(application: ArgoApplication, repo: string, query: DiscoveryQuery): DiscoveredVia | undefined {
  const { namespace, name } = application.metadata;
  const sources = application.spec?.sources ?? (application.spec?.source === undefined ? [] : [application.spec.source]);
  const types = application.status?.sourceTypes;
  for (const [index, source] of sources.entries()) {
    if (source.repoURL === undefined || source.chart !== undefined) continue;
    if (normaliseGitUrl(source.repoURL) !== repo) continue;
    if (query.branch !== undefined && !argoTracksBranch(source.targetRevision, query.branch)) continue;
    const path = normaliseRepoPath(source.path ?? "");
    const type = types?.[index] ?? application.status?.sourceType;
    // A plain directory source reads only the directory itself unless `directory.recurse` is set.
    const recursive = type !== "Directory" || source.directory?.recurse === true;
    if (!directoryCovers(path, query.path, recursive)) continue;
    return { via: { kind: "argocd-application", namespace, name }, sourceUrl: source.repoURL, path };
  }
  return undefined;
}

function argoTracksBranch(targetRevision: string | undefined, branch: string): boolean {
  const revision = targetRevision ?? "";
  return revision === "" || revision === "HEAD" || revision === branch || revision === `refs/heads/${branch}`;
}

function depth(path: string): number {
  return path === "" ? 0 : path.split("/").length;
}
