import { describe, expect, it } from "vitest";
import { translateMatch } from "../../../../src/core/routing/translate-match.js";

describe("translateMatch", () => {
  it("maps uri, method, headers and query params with Flagger's types", () => {
    expect(
      translateMatch({
        uri: { prefix: "/api" },
        method: { exact: "GET" },
        headers: { "x-canary": { exact: "insider" }, cookie: { regex: "^(.*?;)?(canary=always)(;.*)?$" } },
        queryParams: { beta: { regex: "^t" }, alpha: { exact: "1" } },
      }),
    ).toEqual({
      match: {
        path: { type: "PathPrefix", value: "/api" },
        headers: [
          { type: "RegularExpression", name: "cookie", value: "^(.*?;)?(canary=always)(;.*)?$" },
          { type: "Exact", name: "x-canary", value: "insider" },
        ],
        queryParams: [
          { type: "Exact", name: "alpha", value: "1" },
          { type: "RegularExpression", name: "beta", value: "^t" },
        ],
        method: "GET",
      },
    });
  });

  it("maps exact and regex paths", () => {
    expect(translateMatch({ uri: { exact: "/a" } })).toEqual({ match: { path: { type: "Exact", value: "/a" } } });
    expect(translateMatch({ uri: { regex: "/a.*" } })).toEqual({ match: { path: { type: "RegularExpression", value: "/a.*" } } });
  });

  it("keeps key order path, headers, queryParams, method", () => {
    const r = translateMatch({ method: { exact: "POST" }, headers: { a: { exact: "b" } }, uri: { prefix: "/" } });
    expect("match" in r && Object.keys(r.match)).toEqual(["path", "headers", "method"]);
  });

  it("an empty match stays empty", () => {
    expect(translateMatch({})).toEqual({ match: {} });
  });

  it("reports every unsupported condition with its field path", () => {
    expect(
      translateMatch({
        uri: { suffix: ".png" },
        method: { regex: "GET|POST" },
        headers: { "x-canary": { prefix: "ins" }, "x-b": { suffix: "z" } },
        queryParams: { q: { prefix: "a" } },
        ignored: ["withoutHeaders", "scheme"],
      }),
    ).toEqual({
      errors: [
        { field: "withoutHeaders", message: "is not supported by the Gateway API router; remove it (Flagger ignores it silently, which widens the match)" },
        { field: "scheme", message: "is not supported by the Gateway API router; remove it (Flagger ignores it silently, which widens the match)" },
        { field: "uri.suffix", message: "the Gateway API has no suffix path match; use regex instead" },
        { field: "method.regex", message: "the Gateway API matches methods exactly only; use method.exact" },
        { field: "headers.x-b.suffix", message: "the Gateway API has no suffix match for headers; use regex instead" },
        { field: "headers.x-canary.prefix", message: "the Gateway API has no prefix match for headers; use regex instead" },
        { field: "queryParams.q.prefix", message: "the Gateway API has no prefix match for query parameters; use regex instead" },
      ],
    });
  });

  it("rejects unknown methods, empty and ambiguous string matches, bad header names", () => {
    expect(translateMatch({ method: { exact: "get" } })).toEqual({ errors: [{ field: "method.exact", message: '"get" is not one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH' }] });
    expect(translateMatch({ uri: {} })).toEqual({ errors: [{ field: "uri", message: "needs one of exact, prefix, suffix or regex" }] });
    expect(translateMatch({ uri: { prefix: "" } })).toEqual({ errors: [{ field: "uri", message: "needs one of exact, prefix, suffix or regex" }] });
    expect(translateMatch({ headers: { a: { exact: "1", regex: "2" } } })).toEqual({
      errors: [{ field: "headers.a", message: "sets exact and regex; a string match takes exactly one condition" }],
    });
    expect(translateMatch({ headers: { "a b": { exact: "1" } } })).toEqual({ errors: [{ field: "headers.a b", message: "is not a valid HTTP header name" }] });
  });
});
