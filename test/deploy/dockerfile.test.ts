/**
 * The production image's Dockerfile, parsed with dockerfile-ast: multi-stage, Node 22, production
 * dependencies only, non-root, the process entry and port the manifests expect, nothing fetched
 * from URLs and no secrets baked in.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Add, Copy, DockerfileParser, Entrypoint, Env, From, type Instruction } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { EnvSchema } from "../../src/env.js";
import { repoRoot } from "./support/kustomize-subset.js";

interface Stage {
  readonly from: From;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

const text = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
const dockerfile = DockerfileParser.parse(text);

function stages(): Stage[] {
  const result: { from: From; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) result.push({ from: instruction, name: instruction.getBuildStage() ?? undefined, instructions: [] });
    else result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

function keyword(stage: Stage, name: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === name);
}

function runs(stage: Stage): string[] {
  return keyword(stage, "RUN").map((i) => i.getArgumentsContent() ?? "");
}

/** Stages whose files end up in the final image through `COPY --from`. */
function copiedFrom(stage: Stage): string[] {
  return stage.instructions.flatMap((i) => (i instanceof Copy ? [i.getFromFlag()?.getValue()].filter((v): v is string => v !== undefined && v !== null) : []));
}

/** `$NAME` or `${NAME}` replaced by the default of a global ARG (declared before the first FROM). */
function resolveArg(value: string): string {
  const defaults = new Map(
    dockerfile.getInitialARGs().flatMap((arg) => arg.getProperties().map((p) => [p.getName(), p.getValue() ?? ""] as const)),
  );
  return value.replace(/\$\{?(\w+)\}?/g, (_, name: string) => defaults.get(name) ?? "");
}

const all = stages();
const final = all.at(-1)!;

describe("Dockerfile", () => {
  it("is multi-stage and every stage is Node 22, the final one a node:22-* image", () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) {
      expect(stage.from.getImageName()).toBe("node");
      expect(stage.from.getImageTag()).toMatch(/^22-[a-z0-9.-]+$/);
    }
    expect(final.name).toBeUndefined();
  });

  it("installs only production dependencies into what the final image contains", () => {
    const sources = copiedFrom(final);
    expect(sources).toEqual(expect.arrayContaining(["deps", "build"]));
    const depsStage = all.find((s) => s.name === "deps")!;
    // node_modules comes from the deps stage, which installs without dev dependencies.
    const nodeModulesCopy = final.instructions.find((i) => i instanceof Copy && (i.getArgumentsContent() ?? "").includes("node_modules"));
    expect(nodeModulesCopy instanceof Copy && nodeModulesCopy.getFromFlag()?.getValue()).toBe("deps");
    const installs = runs(depsStage).filter((r) => /\bnpm (ci|install)\b/.test(r));
    expect(installs.length).toBe(1);
    expect(installs[0]).toContain("--omit=dev");
    // From the build stage only the compiled output is taken.
    const buildCopies = final.instructions.filter((i) => i instanceof Copy && i.getFromFlag()?.getValue() === "build");
    expect(buildCopies.map((i) => i.getArgumentsContent())).toEqual(["/app/dist ./dist"]);
    // Nothing is installed in the final stage itself.
    expect(runs(final).filter((r) => /\b(npm|yarn|pnpm) (ci|install|add)\b/.test(r))).toEqual([]);
  });

  it("compiles where the x64-only dev dependencies can be installed", () => {
    // npm ci fails with EBADPLATFORM when a non-optional package in the lockfile is for another CPU.
    const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; optional?: boolean; cpu?: string | string[] }> };
    const x64Only = Object.entries(lock.packages).filter(([, p]) => p.dev === true && p.optional !== true && p.cpu !== undefined && ![p.cpu].flat().includes("arm64"));
    const build = all.find((s) => s.name === "build")!;
    expect(runs(build).some((r) => /\bnpm ci\b/.test(r) && !r.includes("--omit=dev"))).toBe(true);
    if (x64Only.length > 0) expect(resolveArg(build.from.getPlatformFlag()?.getValue() ?? "")).toBe("linux/amd64");
  });

  it("runs as a numeric non-root user, so Kubernetes can verify runAsNonRoot", () => {
    const users = keyword(final, "USER").map((i) => i.getArgumentsContent() ?? "");
    expect(users.length).toBeGreaterThan(0);
    const [uid, gid] = users.at(-1)!.split(":");
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).not.toBe(0);
    expect(Number(uid)).toBe(10001);
    if (gid !== undefined) expect(Number(gid)).not.toBe(0);
    // Nothing after USER switches back to root.
    const lastUser = final.instructions.lastIndexOf(keyword(final, "USER").at(-1)!);
    expect(final.instructions.slice(lastUser + 1).filter((i) => i.getKeyword() === "RUN")).toEqual([]);
  });

  it("starts `node dist/main.js` in exec form and exposes 3000", () => {
    const entrypoints = final.instructions.filter((i): i is Entrypoint => i instanceof Entrypoint);
    expect(entrypoints).toHaveLength(1);
    expect(entrypoints[0]!.getJSONStrings().map((s) => s.getJSONValue())).toEqual(["node", "dist/main.js"]);
    expect(keyword(final, "CMD")).toEqual([]);
    expect(keyword(final, "EXPOSE").map((i) => i.getArgumentsContent())).toEqual(["3000"]);
  });

  it("fetches nothing with ADD and bakes no secret into ENV or ARG", () => {
    for (const stage of all) {
      for (const add of stage.instructions.filter((i) => i instanceof Add)) expect(add.getArgumentsContent()).not.toMatch(/(https?|git):\/\//);
      for (const run of runs(stage)) expect(run).not.toMatch(/\b(curl|wget)\b/);
    }
    const secretLike = /(SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY|REDIS_URL)/i;
    const envNames = final.instructions.flatMap((i) => (i instanceof Env ? i.getProperties().map((p) => p.getName()) : []));
    const argNames = dockerfile.getInstructions().filter((i) => i.getKeyword() === "ARG").map((i) => (i.getArgumentsContent() ?? "").split("=")[0] ?? "");
    expect([...envNames, ...argNames].filter((name) => secretLike.test(name))).toEqual([]);
  });

  it("sets only environment variables the process reads, with the manifests' values", () => {
    const env = Object.fromEntries(final.instructions.flatMap((i) => (i instanceof Env ? i.getProperties().map((p) => [p.getName(), p.getValue()]) : [])));
    const known = new Set([...Object.keys(EnvSchema.shape), "NODE_ENV", "PORT"]);
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
    expect(env).toEqual({ NODE_ENV: "production", CANARY_BOT_DATA_DIR: "/var/lib/canary-bot", PORT: "3000" });
    // The data directory exists and belongs to the runtime user (an emptyDir or volume replaces it in Kubernetes).
    expect(runs(final).join("\n")).toContain("chown 10001:10001 /var/lib/canary-bot");
  });

  it("ships package.json next to dist/ (ESM \"type\": \"module\", version for --version)", () => {
    const copies = final.instructions.filter((i) => i instanceof Copy && i.getFromFlag() === null).map((i) => i.getArgumentsContent() ?? "");
    expect(copies.some((c) => c.split(/\s+/).includes("package.json"))).toBe(true);
  });
});
