/**
 * docs/deploy.md against the repository: every path it names exists, every `kubectl apply`
 * target is there, every environment variable it names is one the bot reads (and it names them
 * all), the Secrets it tells people to create are the ones the manifests use, and the App
 * settings it lists by hand are exactly app.yml's.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EnvSchema } from "../../src/env.js";
import { readYamlDocuments, renderInline, renderKustomization, repoRoot, type Rendered } from "./support/kustomize-subset.js";
import { ofKind, type DeploymentView } from "./support/manifest-checks.js";

const doc = readFileSync(join(repoRoot, "docs/deploy.md"), "utf8");

/** Text in backticks and in fenced code blocks: where the guide names files, variables and commands. */
function codeText(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const prose = markdown.replace(/```[^\n]*\n[\s\S]*?```/g, "");
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
  return [...fenced, ...inline];
}

const code = codeText(doc);
const codeJoined = code.join("\n");

/** Shell commands of the fenced blocks, with backslash continuations joined. */
const commands = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => (m[1] ?? "").replace(/\\\n\s*/g, " ").split("\n"))
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

const PROBOT_AND_NODE_ENV = ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "PORT", "NODE_ENV"];

function allManifests(): Rendered[] {
  const deployDir = join(repoRoot, "deploy");
  return [
    ...renderKustomization(join(deployDir, "base")),
    ...renderKustomization(join(deployDir, "overlays/redis-in-cluster")),
    ...renderInline(deployDir, { resources: ["base"], components: ["components/clusters", "components/provider-secrets", "components/namespace"] }),
  ];
}

describe("docs/deploy.md", () => {
  it("names only files and directories that exist", () => {
    const paths = new Set<string>();
    for (const text of code) {
      for (const m of text.matchAll(/(?<![\w/.:-])((?:deploy|src|docs|test|scripts)\/[\w./-]*\w)/g)) paths.add(m[1]!);
      // Remote kustomize references to this repository: github.com/org/repo//<path>?ref=…
      for (const m of text.matchAll(/\/\/((?:deploy)\/[\w./-]*\w)\?ref=/g)) paths.add(m[1]!);
      for (const name of ["app.yml", "Dockerfile", "README.md", "package.json"]) if (new RegExp(`(^|[\\s/])${name.replace(".", "\\.")}\\b`).test(text)) paths.add(name);
    }
    expect(paths.size).toBeGreaterThan(15);
    expect([...paths].filter((path) => !existsSync(join(repoRoot, path)))).toEqual([]);
  });

  it("applies only kustomizations and manifests that exist", () => {
    const targets = commands.flatMap((line) => [...line.matchAll(/kubectl (?:-n \S+ )?apply -(k|f) (\S+)/g)].map((m) => [m[1]!, m[2]!] as const));
    expect(targets.map(([, path]) => path)).toEqual(expect.arrayContaining(["deploy/base", "deploy/overlays/redis", "deploy/overlays/redis-in-cluster"]));
    for (const [flag, path] of targets) {
      if (flag === "k") {
        expect(statSync(join(repoRoot, path)).isDirectory(), path).toBe(true);
        const [kustomization] = readYamlDocuments(join(repoRoot, path, "kustomization.yaml")) as { kind?: string }[];
        expect(kustomization?.kind ?? "Kustomization", path).toBe("Kustomization");
      } else {
        expect(existsSync(join(repoRoot, path)), path).toBe(true);
      }
    }
    // Inline apply-k targets in the prose too (`kubectl apply -k deploy/base`).
    for (const m of doc.matchAll(/apply -k (deploy\/[\w/-]+)/g)) expect(existsSync(join(repoRoot, m[1]!, "kustomization.yaml")), m[1]).toBe(true);
  });

  it("names only environment variables the bot reads, and documents every one of src/env.ts", () => {
    const known = new Set([...Object.keys(EnvSchema.shape), ...PROBOT_AND_NODE_ENV]);
    const named = new Set([
      ...[...codeJoined.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]),
      // One-word names (`PORT`) count where they stand alone in backticks.
      ...code.filter((text) => /^[A-Z][A-Z0-9]*$/.test(text) && known.has(text)),
    ]);
    expect([...named].filter((name) => !known.has(name))).toEqual([]);
    expect(Object.keys(EnvSchema.shape).filter((name) => !named.has(name))).toEqual([]);
    // And every variable the manifests set.
    const deploymentEnv = ofKind<DeploymentView>(allManifests(), "Deployment")
      .filter((d) => d.metadata.name === "canary-bot")
      .flatMap((d) => d.spec.template.spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.name)));
    expect([...new Set(deploymentEnv)].filter((name) => !named.has(name))).toEqual([]);
  });

  it("tells people to create every Secret the manifests use, with the keys they read", () => {
    const created = new Map<string, Set<string>>();
    for (const line of commands) {
      const m = /create secret generic (\S+)(.*)$/.exec(line);
      if (!m) continue;
      const keys = [...m[2]!.matchAll(/--from-(?:literal|file)=([\w.-]+)=/g)].map((k) => k[1]!);
      created.set(m[1]!, new Set([...(created.get(m[1]!) ?? []), ...keys]));
    }
    const needed = new Map<string, Set<string>>();
    const optional = new Set<string>();
    for (const deployment of ofKind<DeploymentView>(allManifests(), "Deployment")) {
      const pod = deployment.spec.template.spec;
      for (const container of pod.containers) {
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (!ref) continue;
          if (ref.optional === true) optional.add(`${ref.name}/${ref.key}`);
          needed.set(ref.name, new Set([...(needed.get(ref.name) ?? []), ref.key]));
        }
      }
      for (const volume of pod.volumes ?? []) if (volume.secret) needed.set(volume.secret.secretName, needed.get(volume.secret.secretName) ?? new Set());
    }
    expect([...needed.keys()].sort()).toEqual([...created.keys()].sort());
    for (const [name, keys] of needed) {
      const missing = [...keys].filter((key) => !created.get(name)?.has(key) && !optional.has(`${name}/${key}`));
      expect(missing, `keys of Secret ${name}`).toEqual([]);
    }
    // Kubeconfig keys become cluster names: they must be file names ending in .yaml.
    expect([...(created.get("canary-bot-clusters") ?? [])].every((key) => key.endsWith(".yaml"))).toBe(true);
  });

  it("lists exactly app.yml's permissions and events for creating the App by hand", () => {
    const manifest = parse(readFileSync(join(repoRoot, "app.yml"), "utf8")) as { default_events: string[]; default_permissions: Record<string, string> };
    const labels: Record<string, string> = {
      metadata: "Metadata",
      contents: "Contents",
      pull_requests: "Pull requests",
      checks: "Checks",
      statuses: "Commit statuses",
      members: "Members",
    };
    const level = (value: string) => (value === "write" ? "*read and write*" : `*${value}*`);
    expect(Object.keys(manifest.default_permissions).filter((p) => !(p in labels))).toEqual([]);
    const byHand = doc.slice(doc.indexOf("**By hand.**"), doc.indexOf("After you create the App"));
    // Markdown wraps lines anywhere: compare with whitespace collapsed.
    const listed = [...byHand.replace(/\s+/g, " ").matchAll(/(Metadata|Contents|Pull requests|Checks|Commit statuses|Members) (\*[^*]+\*)/g)].map((m) => `${m[1]!} ${m[2]!}`);
    expect(listed.sort()).toEqual(Object.entries(manifest.default_permissions).map(([p, v]) => `${labels[p]!} ${level(v)}`).sort());
    const eventsLine = byHand.split("\n").find((line) => line.includes("Subscribe to events")) ?? "";
    const events = byHand.slice(byHand.indexOf(eventsLine)).split("\n- ")[0] ?? "";
    expect([...events.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).sort()).toEqual([...manifest.default_events].sort());
  });

  it("routes GitHub to the webhook path and the port the manifests serve", () => {
    expect(doc).toContain("https://canary-bot.example.com/api/github/webhooks");
    expect(doc).toContain("path: { type: Exact, value: /api/github/webhooks }");
    expect(readFileSync(join(repoRoot, "docs/app.md"), "utf8")).toContain("`/api/github/webhooks`");
    const route = parse(/```yaml\n(apiVersion: gateway\.networking\.k8s\.io[\s\S]*?)```/.exec(doc)?.[1] ?? "") as { spec: { rules: { backendRefs: { name: string; port: number }[] }[] } };
    expect(route.spec.rules[0]?.backendRefs).toEqual([{ name: "canary-bot", port: 80 }]);
  });
});
