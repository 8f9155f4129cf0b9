/** The HTTPRoutes the observer is tested with must be valid for the official Gateway API CRD. */
import { describe, expect, it } from "vitest";
import { httpRouteErrors } from "../../support/crd-validator.js";
import { routeObject, routeStatus } from "./fixtures.js";

describe("Kubernetes test fixtures", () => {
  it("HTTPRoute spec and status validate against the Gateway API CRD", () => {
    expect(httpRouteErrors({ ...routeObject(90, 10), status: routeStatus(2) })).toEqual([]);
    expect(httpRouteErrors({ ...routeObject(100, 0), status: routeStatus(1, "False") })).toEqual([]);
  });
});
