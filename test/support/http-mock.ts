/**
 * HTTP mocking for GitHub contract tests, the only place that imports nock.
 *
 * `useGitHubMock()` disables the network for the enclosing suite and, after each test, fails
 * it when a mocked call was never made, when a request matched no mock, or when traffic broke
 * GitHub's published contracts:
 * - REST request and response bodies are validated against @octokit/openapi (api.github.com);
 *   a request or reply for an endpoint GitHub does not document is a violation too;
 * - GraphQL documents are validated against @octokit/graphql-schema, their variables are
 *   coerced against the declared input types, and mocked `data` is executed through the
 *   document, so a reply with a field of the wrong type or a missing non-null field fails.
 */
import { schema as gitHubGraphqlSchema } from "@octokit/graphql-schema";
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";
import { operationFor, validateRequestBody, validateResponse } from "./openapi.js";

export const GITHUB_API = "https://api.github.com";

export interface RecordedRequest {
  readonly method: string;
  /** Path as sent (percent-encoding kept), without the query. */
  readonly path: string;
  readonly query: string;
  readonly body: unknown;
}

export interface RecordedGraphql {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface ExpectOptions {
  /** Query parameters the request must carry exactly, or `true` for any. */
  readonly query?: Record<string, string> | true;
  /** Extra condition on the parsed request body; a request it rejects matches no mock. */
  readonly body?: (body: any) => boolean;
}

interface Reply {
  reply(status: number, body?: unknown, headers?: Record<string, string>): GitHubMock;
}

interface GraphqlReply {
  /** `body` is the whole GraphQL response: `{ data }` or `{ data, errors }`. */
  reply(body: { data?: unknown; errors?: readonly unknown[] }, status?: number, headers?: Record<string, string>): GitHubMock;
}

let graphqlSchema: GraphQLSchema | undefined;

function loadGraphqlSchema(): GraphQLSchema {
  // GitHub's schema breaks a rule graphql 17 added (deprecated implementations of non-deprecated
  // interface fields); that says nothing about our documents, so the schema is taken as valid.
  graphqlSchema ??= buildSchema(gitHubGraphqlSchema.idl, { assumeValid: true, assumeValidSDL: true });
  return graphqlSchema;
}

/** Problems in a GraphQL request (and its mocked answer) against GitHub's schema. */
export function validateGraphql(query: string, variables: Record<string, unknown>, response?: { data?: unknown }): string[] {
  const schema = loadGraphqlSchema();
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error: unknown) {
    return [`GraphQL syntax: ${String(error)}`];
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((e) => `GraphQL document: ${e.message}`);
  const data = response?.data;
  const result = execute({
    schema,
    document,
    rootValue: data ?? {},
    variableValues: variables,
    // GitHub answers without `__typename` unless asked; any implementation shows the shape.
    typeResolver: (value, _context, _info, abstractType) =>
      (typeof value === "object" && value !== null && "__typename" in value && typeof value.__typename === "string"
        ? value.__typename
        : schema.getPossibleTypes(abstractType)[0]?.name),
  });
  if ("then" in result) return ["GraphQL execution unexpectedly asynchronous"];
  return (result.errors ?? [])
    // With an errors reply, GitHub sends null data for the failed field: only variables matter.
    .filter((e) => data !== null && data !== undefined ? true : !e.path)
    .map((e) => `GraphQL ${e.path ? `response at ${e.path.join(".")}` : "variables"}: ${e.message}`);
}

export class GitHubMock {
  readonly requests: RecordedRequest[] = [];
  readonly graphqlRequests: RecordedGraphql[] = [];
  readonly #violations: string[] = [];
  readonly #scope: nock.Scope;
  readonly #graphqlReplies = new WeakMap<object, { data?: unknown }>();

  constructor(baseUrl: string = GITHUB_API) {
    this.#scope = nock(baseUrl);
    this.#scope.on("request", (req: Request, interceptor: object, body: string) => {
      // A throw here would become the mocked reply; report it as a violation instead.
      try {
        this.#record(req, interceptor, body);
      } catch (error: unknown) {
        this.#violations.push(`checking ${req.method} ${req.url}: ${String(error)}`);
      }
    });
  }

  /** Expects one REST call; its reply is checked against the documented response now. */
  expect(method: Method, path: string, options: ExpectOptions = {}): Reply {
    return {
      reply: (status, body, headers) => {
        const template = operationFor(method, path);
        if (!template) {
          this.#violations.push(`mock for ${method} ${path}: GitHub documents no such operation`);
        } else if (status < 300 || body !== undefined) {
          this.#violations.push(...validateResponse(method, template.pathTemplate, status, body));
        }
        const interceptor = this.#scope.intercept(path, method, options.body ? (b: any) => options.body?.(b) ?? true : undefined);
        const withQuery = options.query === undefined ? interceptor : interceptor.query(options.query);
        withQuery.reply(status, body as nock.Body, headers);
        return this;
      },
    };
  }

  /** Expects one GraphQL call, optionally only for a document containing `operation`. */
  graphql(operation?: string): GraphqlReply {
    return {
      reply: (body, status = 200, headers) => {
        const interceptor = this.#scope.post("/graphql", (b: { query?: string }) => operation === undefined || (b.query ?? "").includes(operation));
        this.#graphqlReplies.set(interceptor, body);
        interceptor.reply(status, body, headers);
        return this;
      },
    };
  }

  #record(req: Request, interceptor: object, raw: string): void {
    const url = new URL(req.url);
    const body: unknown = raw === "" ? undefined : JSON.parse(raw);
    if (url.pathname === "/graphql" && req.method === "POST") {
      const { query, variables } = body as { query: string; variables?: Record<string, unknown> };
      this.graphqlRequests.push({ query, variables: variables ?? {} });
      this.#violations.push(...validateGraphql(query, variables ?? {}, this.#graphqlReplies.get(interceptor)));
      return;
    }
    const rawPath = url.href.slice(url.origin.length).split("?")[0] ?? "";
    this.requests.push({ method: req.method, path: rawPath, query: url.search, body });
    const template = operationFor(req.method, rawPath);
    if (!template) {
      this.#violations.push(`${req.method} ${rawPath}: GitHub documents no such operation`);
      return;
    }
    this.#violations.push(...validateRequestBody(req.method, template.pathTemplate, body));
  }

  /** Request bodies sent to `method path` (path as in `expect`), in order. */
  bodies(method: Method, path: string): unknown[] {
    return this.requests.filter((r) => r.method === method && r.path === path).map((r) => r.body);
  }

  /** Everything wrong so far: contract violations and mocks never called. */
  problems(): string[] {
    return [...this.#violations, ...this.#scope.pendingMocks().map((m) => `mock never called: ${m}`)];
  }
}

/**
 * Sets up nock for the enclosing suite and returns an accessor for this test's GitHubMock.
 * After each test: no pending mocks, no unmatched requests, no contract violations.
 */
export function useGitHubMock(baseUrl: string = GITHUB_API): () => GitHubMock {
  let current: GitHubMock | undefined;
  let unmatched: string[] = [];
  const onNoMatch = (req: Request | { method?: string; href?: string; path?: string }) => {
    const where = "url" in req ? req.url : (req.href ?? req.path ?? "?");
    unmatched.push(`no mock matched ${req.method ?? "?"} ${where}`);
  };
  beforeEach(() => {
    nock.disableNetConnect();
    unmatched = [];
    current = new GitHubMock(baseUrl);
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    const problems = [...unmatched, ...(current?.problems() ?? [])];
    nock.emitter.removeListener("no match", onNoMatch);
    nock.cleanAll();
    nock.enableNetConnect();
    current = undefined;
    expect(problems).toEqual([]);
  });
  return () => {
    if (!current) throw new Error("useGitHubMock(): the mock exists only inside a test");
    return current;
  };
}
