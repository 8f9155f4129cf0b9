import type { IncomingHttpHeaders } from "node:http";
import type { Actor } from "../auth/actor.js";
import type { RepoAccess } from "../auth/access.js";
import type { EmulatorCore } from "../core.js";
import type { RepoRecord } from "../state/records.js";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestContext {
  readonly core: EmulatorCore;
  readonly method: Method;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  readonly actor: Actor;
  /** The URL exactly as the client addressed it (prefix included), for Link headers. */
  readonly url: URL;
  /** The repository named by `{owner}/{repo}`, already authorised, on repository routes. */
  readonly repo: RepoRecord | undefined;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A non-JSON body (e.g. raw file contents). */
  readonly raw?: { readonly content: Buffer | string; readonly contentType: string };
}

/** Who may call an endpoint outside repository scope. */
export type Caller = "app-jwt" | "installation" | "authenticated" | "any";

export interface RouteSpec {
  readonly method: Method;
  /** Template; a final `{name+}` spans slashes (refs, file paths). */
  readonly path: string;
  /** GitHub's documentation URL for this operation (used in error bodies). */
  readonly docs: string;
  /** Repository routes: what the caller needs on `{owner}/{repo}`. */
  readonly access?: RepoAccess;
  readonly caller?: Caller;
  /**
   * The handler checks the body itself with GitHub's own messages (e.g. check-run limits), so
   * the generic OpenAPI check is skipped.
   */
  readonly validatesBody?: boolean;
  readonly handler: (ctx: RequestContext) => Promise<Reply>;
}

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly segments: readonly { readonly literal?: string; readonly param?: string; readonly greedy: boolean }[];
  /** The template as GitHub's OpenAPI writes it (no `+`). */
  readonly template: string;
  readonly literals: number;
}

export interface RouteMatch {
  readonly spec: RouteSpec;
  readonly template: string;
  readonly params: Readonly<Record<string, string>>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches decoded path segments against route templates; more literal segments win. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(spec: RouteSpec): void {
    const parts = spec.path.split("/").slice(1);
    const segments = parts.map((part) => {
      const param = /^\{([a-z_]+)(\+?)\}$/.exec(part);
      return param ? { param: param[1] ?? "", greedy: param[2] === "+" } : { literal: part, greedy: false };
    });
    this.routes.push({
      spec,
      segments,
      template: spec.path.replace(/\+\}/g, "}"),
      literals: segments.filter((s) => s.literal !== undefined).length,
    });
  }

  addAll(specs: readonly RouteSpec[]): void {
    for (const spec of specs) this.add(spec);
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const raw = pathname.split("/").slice(1);
    let best: { route: CompiledRoute; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.spec.method !== method) continue;
      const params = matchSegments(route, raw);
      if (params && (!best || route.literals > best.route.literals)) best = { route, params };
    }
    return best ? { spec: best.route.spec, template: best.route.template, params: best.params } : undefined;
  }
}

function matchSegments(route: CompiledRoute, raw: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i];
    const value = raw[i];
    if (segment === undefined || value === undefined) return undefined;
    if (segment.greedy) {
      const rest = raw.slice(i);
      if (rest.some((r) => r === "")) return undefined;
      params[segment.param ?? ""] = rest.map(decode).join("/");
      return params;
    }
    if (segment.literal !== undefined) {
      if (segment.literal !== value) return undefined;
    } else {
      if (value === "") return undefined;
      params[segment.param ?? ""] = decode(value);
    }
  }
  return raw.length === route.segments.length ? params : undefined;
}
