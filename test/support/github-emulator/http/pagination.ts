import type { RequestContext } from "./router.js";

export interface Page<T> {
  readonly items: T[];
  readonly headers: Record<string, string>;
}

/**
 * Slices a list by `per_page` (default 30, at most 100) and `page`, with GitHub's `Link` header
 * (next/last/first/prev) pointing back at the same URL, so Octokit's paginate works.
 */
export function paginate<T>(ctx: RequestContext, all: readonly T[]): Page<T> {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get("per_page") ?? "30") || 30));
  const page = Math.max(1, Number(ctx.query.get("page") ?? "1") || 1);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const url = new URL(ctx.url);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(p));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"));
  if (page < lastPage) links.push(link(lastPage, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items, headers: links.length === 0 ? {} : { link: links.join(", ") } };
}
