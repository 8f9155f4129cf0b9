import type { EmulatorCore } from "../core.js";
import { FULL_SHA, parseIsoDate, type GitIdentity, type TreeEntryType } from "../git/git-objects.js";
import { TreeEditError, editTree, type TreeChange } from "../git/tree-editor.js";
import { bodyObject, isObject, oneOf, optionalArray, optionalBoolean, optionalObject, optionalString, requiredString, type JsonObject } from "../http/body.js";
import { invalidRequest, notFound, unprocessable } from "../http/http-error.js";
import type { RequestContext, RouteSpec } from "../http/router.js";
import { gitCommitJson, gitRefJson, treeJson, wrappedBase64 } from "../render/git.js";
import { repoApi } from "../render/urls.js";
import { nodeId } from "../state/node-ids.js";
import type { RepoRecord } from "../state/records.js";
import { recordVerified } from "../services/commits.js";
import { identityOf, webFlowIdentity } from "../services/identities.js";
import { deleteRef, moveRef } from "../services/refs.js";
import { readAccess, writeAccess } from "./access-presets.js";
import { accountOf, repoOf } from "./route-helpers.js";

const DOCS = "https://docs.github.com/rest/git";

async function treeFor(repo: RepoRecord, treeish: string): Promise<string | undefined> {
  const type = await repo.store.objectType(treeish);
  if (type === "tree") return treeish;
  const commit = await repo.store.resolveCommitish(treeish);
  return commit === undefined ? undefined : (await repo.store.readCommit(commit))?.tree;
}

const MODES: readonly string[] = ["100644", "100755", "040000", "160000", "120000"];
const TYPES: readonly TreeEntryType[] = ["blob", "tree", "commit"];

async function parseTreeEntry(repo: RepoRecord, value: unknown): Promise<TreeChange> {
  if (!isObject(value)) throw invalidRequest(`For 'items', ${JSON.stringify(value)} is not an object.`);
  const path = requiredString(value, "path");
  const mode = oneOf(value, "mode", MODES) ?? "100644";
  const type = oneOf(value, "type", TYPES) ?? (mode === "040000" ? "tree" : mode === "160000" ? "commit" : "blob");
  const modeType = mode === "040000" ? "tree" : mode === "160000" ? "commit" : "blob";
  if (type !== modeType) throw unprocessable("Invalid tree info");
  const content = optionalString(value, "content");
  const hasSha = "sha" in value;
  if (content !== undefined && hasSha && value.sha !== null) throw unprocessable("Must supply either tree.sha or tree.content, not both");
  if (content !== undefined) {
    if (type !== "blob") throw unprocessable("tree.content can only be used with blob entries");
    return { path, mode, type, sha: await repo.store.writeBlob(Buffer.from(content, "utf8")) };
  }
  if (!hasSha) throw unprocessable("Must supply either tree.sha or tree.content");
  if (value.sha === null) return { path, mode, type, sha: null };
  const sha = optionalString(value, "sha") ?? "";
  if (type !== "commit" && (!FULL_SHA.test(sha) || (await repo.store.objectType(sha)) !== type)) {
    throw unprocessable(`tree.sha ${sha} is not a valid ${type}`);
  }
  return { path, mode, type, sha };
}

function identityFrom(obj: JsonObject | undefined, world: EmulatorCore["world"]): GitIdentity | undefined {
  if (!obj) return undefined;
  const name = requiredString(obj, "name");
  const email = requiredString(obj, "email");
  const date = optionalString(obj, "date");
  const parsed = date === undefined ? undefined : parseIsoDate(date);
  if (date !== undefined && parsed === undefined) throw invalidRequest(`For 'properties/date', ${JSON.stringify(date)} is not a date-time.`);
  return { name, email, epochSeconds: parsed?.epochSeconds ?? world.epochSeconds(), timezone: parsed?.timezone ?? "+0000" };
}

function normaliseRef(ref: string): string {
  return ref.startsWith("refs/") ? ref : `refs/${ref}`;
}

async function refReply(ctx: RequestContext, repo: RepoRecord, ref: string, status: number) {
  const sha = (await repo.store.readRef(ref)) ?? "";
  return { status, body: gitRefJson(ctx.core.urls, repo, ref, sha, (await repo.store.objectType(sha)) ?? "commit") };
}

export const gitDataRoutes: readonly RouteSpec[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/blobs/{file_sha}",
    docs: `${DOCS}/blobs#get-a-blob`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const sha = ctx.params.file_sha ?? "";
      const content = await repo.store.readBlob(sha);
      if (!content) throw notFound();
      return {
        status: 200,
        body: {
          sha,
          node_id: nodeId("Blob", `${String(repo.id)}:${sha}`),
          size: content.length,
          url: `${repoApi(ctx.core.urls, repo)}/git/blobs/${sha}`,
          content: wrappedBase64(content),
          encoding: "base64",
        },
      };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/blobs",
    docs: `${DOCS}/blobs#create-a-blob`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx.body);
      const content = requiredString(body, "content");
      const encoding = oneOf(body, "encoding", ["utf-8", "utf8", "base64"]) ?? "utf-8";
      const sha = await repo.store.writeBlob(Buffer.from(content, encoding === "base64" ? "base64" : "utf8"));
      return { status: 201, body: { url: `${repoApi(ctx.core.urls, repo)}/git/blobs/${sha}`, sha } };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/trees/{tree_sha}",
    docs: `${DOCS}/trees#get-a-tree`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const tree = await treeFor(repo, ctx.params.tree_sha ?? "");
      if (tree === undefined) throw notFound();
      const recursive = ctx.query.has("recursive") && !["0", "false"].includes(ctx.query.get("recursive") ?? "");
      return { status: 200, body: treeJson(ctx.core.urls, repo, tree, await repo.store.lsTree(tree, recursive)) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/trees",
    docs: `${DOCS}/trees#create-a-tree`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx.body);
      const baseTree = optionalString(body, "base_tree");
      if (baseTree !== undefined && (await repo.store.objectType(baseTree)) !== "tree") throw unprocessable("Invalid tree info");
      const entries = optionalArray(body, "tree");
      if (entries === undefined) throw invalidRequest(`"tree" wasn't supplied.`);
      const changes: TreeChange[] = [];
      for (const entry of entries) changes.push(await parseTreeEntry(repo, entry));
      let sha: string;
      try {
        sha = await editTree(repo.store, baseTree, changes);
      } catch (error: unknown) {
        if (error instanceof TreeEditError) throw unprocessable(error.failure === "missing-path" ? "GitRPC::BadObjectState" : "Invalid tree info");
        throw error;
      }
      return { status: 201, body: treeJson(ctx.core.urls, repo, sha, await repo.store.lsTree(sha, false)) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/commits/{commit_sha}",
    docs: `${DOCS}/commits#get-a-commit-object`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const commit = await repo.store.readCommit(ctx.params.commit_sha ?? "");
      if (!commit) throw notFound();
      return { status: 200, body: gitCommitJson(ctx.core.urls, repo, commit) };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/commits",
    docs: `${DOCS}/commits#create-a-commit`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const { world } = ctx.core;
      const body = bodyObject(ctx.body);
      const message = requiredString(body, "message");
      const tree = requiredString(body, "tree");
      if ((await repo.store.objectType(tree)) !== "tree") throw unprocessable("Tree SHA does not exist");
      const parents = (optionalArray(body, "parents") ?? []).map((p) => (typeof p === "string" ? p : ""));
      for (const parent of parents) {
        if ((await repo.store.objectType(parent)) !== "commit") throw unprocessable("Parent SHA does not exist or is not a commit object");
      }
      const author = identityFrom(optionalObject(body, "author"), world);
      const committer = identityFrom(optionalObject(body, "committer"), world);
      const signature = optionalString(body, "signature");
      const account = accountOf(ctx);
      // GitHub signs an app's API commit only when it names no author, committer or signature.
      const signedByGitHub = ctx.actor.kind === "installation" && !author && !committer && signature === undefined;
      const sha = await repo.store.writeCommit({
        tree,
        parents,
        author: author ?? identityOf(world, account),
        committer: committer ?? (signedByGitHub ? webFlowIdentity(world) : (author ?? identityOf(world, account))),
        message,
      });
      if (signedByGitHub) recordVerified(world, repo, sha);
      const commit = await repo.store.readCommit(sha);
      if (!commit) throw new Error(`commit ${sha} vanished after writing`);
      return { status: 201, body: gitCommitJson(ctx.core.urls, repo, commit) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/ref/{ref+}",
    docs: `${DOCS}/refs#get-a-reference`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const ref = normaliseRef(ctx.params.ref ?? "");
      if ((await repo.store.readRef(ref)) === undefined) throw notFound();
      return refReply(ctx, repo, ref, 200);
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/git/matching-refs/{ref+}",
    docs: `${DOCS}/refs#list-matching-references`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const prefix = normaliseRef(ctx.params.ref ?? "");
      const refs = (await repo.store.listRefs()).filter((r) => r.ref.startsWith(prefix));
      const body = await Promise.all(
        refs.map(async (r) => gitRefJson(ctx.core.urls, repo, r.ref, r.sha, (await repo.store.objectType(r.sha)) ?? "commit")),
      );
      return { status: 200, body };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/git/refs",
    docs: `${DOCS}/refs#create-a-reference`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx.body);
      const ref = requiredString(body, "ref");
      const sha = requiredString(body, "sha");
      if (!/^refs\/[^/]+\/.+/.test(ref) || ref.endsWith("/") || ref.includes("..")) throw unprocessable("Reference name is invalid");
      if (!FULL_SHA.test(sha) || (await repo.store.objectType(sha)) === undefined) throw unprocessable("Object does not exist");
      if ((await repo.store.readRef(ref)) !== undefined) throw unprocessable("Reference already exists");
      await moveRef(ctx.core, repo, ctx.actor, { ref, sha, force: false });
      return { ...(await refReply(ctx, repo, ref, 201)), headers: { location: `${repoApi(ctx.core.urls, repo)}/git/${ref}` } };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/git/refs/{ref+}",
    docs: `${DOCS}/refs#update-a-reference`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const ref = normaliseRef(ctx.params.ref ?? "");
      const body = bodyObject(ctx.body);
      const sha = requiredString(body, "sha");
      const force = optionalBoolean(body, "force") ?? false;
      if ((await repo.store.readRef(ref)) === undefined) throw unprocessable("Reference does not exist");
      if (!FULL_SHA.test(sha) || (await repo.store.objectType(sha)) === undefined) throw unprocessable("Object does not exist");
      await moveRef(ctx.core, repo, ctx.actor, { ref, sha, force });
      return refReply(ctx, repo, ref, 200);
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/git/refs/{ref+}",
    docs: `${DOCS}/refs#delete-a-reference`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      await deleteRef(ctx.core, repo, ctx.actor, normaliseRef(ctx.params.ref ?? ""));
      return { status: 204 };
    },
  },
];
