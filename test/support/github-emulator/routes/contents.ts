import type { EmulatorCore } from "../core.js";
import type { TreeEntry } from "../git/git-objects.js";
import { bodyObject, optionalObject, optionalString, requiredString } from "../http/body.js";
import { HttpError, conflict, invalidRequest, notFound } from "../http/http-error.js";
import type { Reply, RequestContext, RouteSpec } from "../http/router.js";
import { gitCommitJson, wrappedBase64 } from "../render/git.js";
import { repoApi, repoHtml } from "../render/urls.js";
import { commitFiles } from "../services/commits.js";
import { identityOf, webFlowIdentity } from "../services/identities.js";
import { moveRef } from "../services/refs.js";
import type { RepoRecord } from "../state/records.js";
import { readAccess, writeAccess } from "./access-presets.js";
import { accountOf, repoOf } from "./route-helpers.js";

const DOCS = "https://docs.github.com/rest/repos/contents";

function contentType(entry: TreeEntry): "file" | "dir" | "symlink" | "submodule" {
  if (entry.type === "tree") return "dir";
  if (entry.type === "commit") return "submodule";
  return entry.mode === "120000" ? "symlink" : "file";
}

async function entryJson(core: EmulatorCore, repo: RepoRecord, ref: string, path: string, entry: TreeEntry): Promise<Record<string, unknown>> {
  const api = repoApi(core.urls, repo);
  const html = repoHtml(core.urls, repo);
  const type = contentType(entry);
  const self = `${api}/contents/${encodeURI(path)}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = type === "dir" ? `${api}/git/trees/${entry.sha}` : `${api}/git/blobs/${entry.sha}`;
  const htmlUrl = `${html}/${type === "dir" ? "tree" : "blob"}/${ref}/${encodeURI(path)}`;
  const size = type === "file" || type === "symlink" ? ((await repo.store.readBlob(entry.sha))?.length ?? 0) : 0;
  return {
    type,
    size,
    name: path.split("/").pop() ?? path,
    path,
    sha: entry.sha,
    url: self,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: type === "file" ? `${html}/raw/${ref}/${encodeURI(path)}` : null,
    _links: { self, git: gitUrl, html: htmlUrl },
  };
}

function wantsRaw(ctx: RequestContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(ctx.headers.accept ?? "");
}

async function getContents(ctx: RequestContext): Promise<Reply> {
  const repo = repoOf(ctx);
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const ref = ctx.query.get("ref") ?? repo.defaultBranch;
  const commit = await repo.store.resolveCommitish(ref);
  if (commit === undefined) throw new HttpError(404, `No commit found for the ref ${ref}`);
  const tree = (await repo.store.readCommit(commit))?.tree ?? "";
  const entry = await repo.store.entryAt(tree, path);
  if (!entry) throw notFound();
  if (entry.type === "tree") {
    const children = (await repo.store.readTree(entry.sha)) ?? [];
    const listing = await Promise.all(children.map((child) => entryJson(ctx.core, repo, ref, path === "" ? child.name : `${path}/${child.name}`, child)));
    return { status: 200, body: listing };
  }
  const content = (await repo.store.readBlob(entry.sha)) ?? Buffer.alloc(0);
  if (wantsRaw(ctx)) return { status: 200, raw: { content, contentType: "application/vnd.github.raw; charset=utf-8" } };
  const json = await entryJson(ctx.core, repo, ref, path, entry);
  if (json.type === "symlink") return { status: 200, body: { ...json, target: content.toString("utf8") } };
  return { status: 200, body: { ...json, content: wrappedBase64(content), encoding: "base64" } };
}

export const contentsRoutes: readonly RouteSpec[] = [
  { method: "GET", path: "/repos/{owner}/{repo}/contents", docs: `${DOCS}#get-repository-content`, access: readAccess("contents"), handler: getContents },
  { method: "GET", path: "/repos/{owner}/{repo}/contents/{path+}", docs: `${DOCS}#get-repository-content`, access: readAccess("contents"), handler: getContents },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/contents/{path+}",
    docs: `${DOCS}#create-or-update-file-contents`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const { world } = ctx.core;
      const path = ctx.params.path ?? "";
      const body = bodyObject(ctx.body);
      const message = requiredString(body, "message");
      const content = Buffer.from(requiredString(body, "content"), "base64");
      const blobSha = optionalString(body, "sha");
      const branch = optionalString(body, "branch") ?? repo.defaultBranch;
      const ref = `refs/heads/${branch}`;
      const head = await repo.store.readRef(ref);
      const branchCount = (await repo.store.listRefs("refs/heads/")).length;
      if (head === undefined && branchCount > 0) throw new HttpError(404, `Branch ${branch} not found`);
      const existing = head === undefined ? undefined : await repo.store.entryAt((await repo.store.readCommit(head))?.tree ?? "", path);
      if (existing && blobSha === undefined) throw invalidRequest(`"sha" wasn't supplied.`);
      if (existing && blobSha !== existing.sha) throw conflict(`${path} does not match ${blobSha ?? ""}`);
      const account = accountOf(ctx);
      const author = optionalObject(body, "author");
      const committer = optionalObject(body, "committer");
      const signed = ctx.actor.kind === "installation" && !author && !committer;
      const sha = await commitFiles(world, repo, {
        parent: head,
        files: [{ path, content }],
        message,
        author: author ? { name: requiredString(author, "name"), email: requiredString(author, "email"), epochSeconds: world.epochSeconds(), timezone: "+0000" } : identityOf(world, account),
        committer: signed ? webFlowIdentity(world) : identityOf(world, account),
        verified: signed,
      });
      await moveRef(ctx.core, repo, ctx.actor, { ref, sha, force: false, ...(head === undefined ? {} : { expected: head }) });
      const commit = await repo.store.readCommit(sha);
      const entry = await repo.store.entryAt(commit?.tree ?? "", path);
      if (!commit || !entry) throw new Error(`commit ${sha} vanished after writing`);
      const file = await entryJson(ctx.core, repo, branch, path, entry);
      return { status: existing ? 200 : 201, body: { content: file, commit: gitCommitJson(ctx.core.urls, repo, commit) } };
    },
  },
];
