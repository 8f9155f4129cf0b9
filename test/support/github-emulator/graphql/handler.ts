import {
  GraphQLError,
  execute,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
} from "graphql";
import { actorAccount } from "../auth/actor.js";
import { isObject } from "../http/body.js";
import type { Reply, RequestContext, RouteSpec } from "../http/router.js";
import { readAccess, writeAccess } from "../routes/access-presets.js";
import { decodeNodeId } from "../state/node-ids.js";
import { graphqlRepo, lockRepo, type GraphqlContext } from "./context.js";
import { createCommitOnBranch, type CreateCommitOnBranchInput } from "./create-commit-on-branch.js";
import { formatGithubError, formatValidationError, githubError } from "./graphql-errors.js";
import { actorNode, pullRequestNode, refNode, repositoryNode, type GraphqlObject } from "./objects.js";
import { revertPullRequest, type RevertPullRequestInput } from "./revert-pull-request.js";
import { githubGraphqlSchema } from "./schema.js";
import { moveRef } from "../services/refs.js";
import { HttpError } from "../http/http-error.js";
import { FULL_SHA } from "../git/git-objects.js";

/**
 * Resolves a field from the source object: a value, or a function of (args, context). A field
 * the emulator does not provide is an error naming it, so a test never passes on a silent null.
 */
const fieldResolver: GraphQLFieldResolver<unknown, GraphqlContext> = (source, args, context, info) => {
  if (isObject(source) && info.fieldName in source) {
    const value = source[info.fieldName];
    return typeof value === "function" ? (value as (a: unknown, c: GraphqlContext) => unknown)(args, context) : value;
  }
  throw new GraphQLError(`The GitHub emulator does not implement ${info.parentType.name}.${info.fieldName}`);
};

interface CreateRefInput {
  readonly clientMutationId?: string | null;
  readonly repositoryId: string;
  readonly name: string;
  readonly oid: string;
}

async function createRef(input: CreateRefInput, ctx: GraphqlContext): Promise<GraphqlObject> {
  const decoded = decodeNodeId(input.repositoryId);
  const repo = decoded?.kind === "Repository" ? ctx.core.world.repoById(Number(decoded.key)) : undefined;
  if (!repo) throw githubError("NOT_FOUND", `Could not resolve to a node with the global id of '${input.repositoryId}'`);
  graphqlRepo(ctx, repo.owner.login, repo.name, writeAccess("contents"));
  return lockRepo(ctx, repo, async () => {
    if (!FULL_SHA.test(input.oid) || (await repo.store.objectType(input.oid)) === undefined) {
      throw githubError("UNPROCESSABLE", `Object does not exist`);
    }
    if ((await repo.store.readRef(input.name)) !== undefined) throw githubError("UNPROCESSABLE", `A ref named "${input.name}" already exists in the repository.`);
    try {
      await moveRef(ctx.core, repo, ctx.actor, { ref: input.name, sha: input.oid, force: false });
    } catch (error: unknown) {
      if (error instanceof HttpError) throw githubError("UNPROCESSABLE", error.message);
      throw error;
    }
    return { clientMutationId: input.clientMutationId ?? null, ref: () => refNode(ctx.core, repo, input.name) };
  });
}

function rootValue(ctx: GraphqlContext): GraphqlObject {
  return {
    repository: (args: { owner: string; name: string }) => repositoryNode(ctx.core, graphqlRepo(ctx, args.owner, args.name, readAccess("metadata"))),
    viewer: () => {
      const account = actorAccount(ctx.actor);
      if (!account) throw githubError("FORBIDDEN", "This endpoint requires you to be authenticated.");
      return actorNode(ctx.core, account);
    },
    node: (args: { id: string }) => {
      const decoded = decodeNodeId(args.id);
      if (decoded?.kind === "PullRequest") {
        const [repoId = "", number = ""] = decoded.key.split(":");
        const repo = ctx.core.world.repoById(Number(repoId));
        const pr = repo?.pulls.get(Number(number));
        if (repo && pr) {
          graphqlRepo(ctx, repo.owner.login, repo.name, readAccess("pull_requests"));
          return pullRequestNode(ctx.core, repo, pr);
        }
      }
      if (decoded?.kind === "Repository") {
        const repo = ctx.core.world.repoById(Number(decoded.key));
        if (repo) return repositoryNode(ctx.core, graphqlRepo(ctx, repo.owner.login, repo.name, readAccess("metadata")));
      }
      throw githubError("NOT_FOUND", `Could not resolve to a node with the global id of '${args.id}'`);
    },
    createCommitOnBranch: (args: { input: CreateCommitOnBranchInput }) => createCommitOnBranch(args.input, ctx),
    revertPullRequest: (args: { input: RevertPullRequestInput }) => revertPullRequest(args.input, ctx),
    createRef: (args: { input: CreateRefInput }) => createRef(args.input, ctx),
  };
}

export interface GraphqlOperationInfo {
  readonly operation: "query" | "mutation" | "subscription";
  readonly fields: readonly string[];
}

/** The operation type and top-level fields of a request body, for counting and fault matching. */
export function describeGraphqlRequest(body: unknown): GraphqlOperationInfo | undefined {
  if (!isObject(body) || typeof body.query !== "string") return undefined;
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch {
    return undefined;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const name = typeof body.operationName === "string" ? body.operationName : undefined;
  const operation = operations.find((o) => name === undefined || o.name?.value === name);
  if (!operation) return undefined;
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === "Field" ? [s.name.value] : []));
  return { operation: operation.operation, fields };
}

async function handleGraphql(ctx: RequestContext): Promise<Reply> {
  const body = ctx.body;
  if (!isObject(body) || typeof body.query !== "string") {
    return { status: 200, body: { errors: [{ message: "A query attribute must be specified and must be a string." }] } };
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error: unknown) {
    if (error instanceof GraphQLError) return { status: 200, body: { errors: [formatGithubError(error)] } };
    throw error;
  }
  const schema = githubGraphqlSchema();
  const problems = validate(schema, document, undefined, { hideSuggestions: true });
  if (problems.length > 0) return { status: 200, body: { errors: problems.map((p) => formatValidationError(p, document)) } };
  const context: GraphqlContext = { core: ctx.core, actor: ctx.actor };
  const result = await execute({
    schema,
    document,
    rootValue: rootValue(context),
    contextValue: context,
    variableValues: isObject(body.variables) ? body.variables : {},
    operationName: typeof body.operationName === "string" ? body.operationName : undefined,
    fieldResolver,
  });
  return {
    status: 200,
    body: {
      data: result.data ?? null,
      ...(result.errors === undefined ? {} : { errors: result.errors.map(formatGithubError) }),
    },
  };
}

export const graphqlRoutes: readonly RouteSpec[] = [
  { method: "POST", path: "/graphql", docs: "https://docs.github.com/graphql", caller: "authenticated", handler: handleGraphql },
];
