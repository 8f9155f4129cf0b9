import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterConfigError } from "../../../src/adapters/kubernetes/cluster-config-error.js";
import { ClusterRegistry } from "../../../src/adapters/kubernetes/cluster-registry.js";
import { FakeKubeApiServer } from "../../support/fake-kube-apiserver.js";
import { secretObject } from "./fixtures.js";

let fake: FakeKubeApiServer;

beforeAll(async () => {
  fake = await FakeKubeApiServer.start();
  fake.seed(secretObject("alerts", { address: "https://hooks.example.com/T0" }));
});
afterAll(async () => {
  await fake.close();
});

function configError(build: () => unknown): ClusterConfigError {
  try {
    build();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(ClusterConfigError);
    return error as ClusterConfigError;
  }
  throw new Error("expected a ClusterConfigError");
}

describe("ClusterRegistry", () => {
  it("gives the observer of a configured cluster, talking to that cluster", async () => {
    const registry = new ClusterRegistry({ prod: fake.kubeconfig(), staging: fake.kubeconfig({ token: "other" }) });
    expect(registry.names()).toEqual(["prod", "staging"]);
    expect(registry.has("prod")).toBe(true);
    const prod = registry.get("prod");
    expect(prod.cluster).toBe("prod");
    expect(await prod.secret("test", "alerts")).toEqual({ address: "https://hooks.example.com/T0" });
    await expect(registry.get("staging").secret("test", "alerts")).rejects.toThrow(/^cluster "staging" rejected the bot's credentials/);
  });

  it("names the known clusters for an unknown name", () => {
    const registry = new ClusterRegistry({ prod: fake.kubeconfig(), dev: fake.kubeconfig() });
    expect(configError(() => registry.get("staging")).message).toBe(
      'unknown cluster "staging": the bot is configured with "dev", "prod". Repositories select a cluster by name; credentials live only in the bot\'s configuration',
    );
    expect(configError(() => new ClusterRegistry({}).get("prod")).message).toBe(
      'unknown cluster "prod": the bot has no clusters configured (run without cluster access, or add a kubeconfig to the bot\'s configuration). ' +
        "Repositories select a cluster by name; credentials live only in the bot's configuration",
    );
  });

  it("rejects unusable kubeconfigs at construction, naming the cluster", () => {
    expect(configError(() => new ClusterRegistry({ prod: "clusters: [" })).message).toMatch(/^cluster "prod": the kubeconfig is not valid \(/);
    expect(configError(() => new ClusterRegistry({ prod: fake.kubeconfig().replace("    insecure-skip-tls-verify: true\n", "") })).message).toBe(
      `cluster "prod": server ${fake.url} uses plain HTTP, which client-node refuses unless the cluster entry sets insecure-skip-tls-verify: true (use HTTPS for real clusters)`,
    );
    expect(configError(() => new ClusterRegistry({ prod: fake.kubeconfig().replace(/current-context: .*\n/, "") })).message).toBe(
      'cluster "prod": the kubeconfig has no current-context',
    );
    expect(configError(() => new ClusterRegistry({ prod: fake.kubeconfig().replace("current-context: fake", "current-context: elsewhere") })).message).toBe(
      'cluster "prod": the kubeconfig\'s current-context "elsewhere" is not among its contexts',
    );
    expect(configError(() => new ClusterRegistry({ Prod_1: fake.kubeconfig() })).message).toBe(
      'cluster name "Prod_1" is not valid: use lower-case letters, digits and "-"',
    );
  });
});
