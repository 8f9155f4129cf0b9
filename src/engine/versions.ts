import { resolveCanaryContext } from "../core/gitops/canary-context.js";
import { primaryName } from "../core/gitops/primary-objects.js";
import type { RepoFile } from "../core/gitops/types.js";
import type { ResolvedCanary } from "../core/spec/model.js";

function firstImage(deployment: unknown): string | undefined {
  const containers = (deployment as { spec?: { template?: { spec?: { containers?: { image?: unknown }[] } } } } | undefined)?.spec?.template?.spec
    ?.containers;
  const image = containers?.[0]?.image;
  return typeof image === "string" ? image : undefined;
}

/** `ghcr.io/stefanprodan/podinfo:6.0.1` → `6.0.1`; digests shortened. */
export function imageLabel(image: string): string {
  const at = image.indexOf("@");
  if (at >= 0) return image.slice(at + 1, at + 20);
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  return colon > slash ? image.slice(colon + 1) : "latest";
}

/** The primary's and the canary's version labels (first container's image tag), when they differ. */
export function versionsOf(canary: ResolvedCanary, files: readonly RepoFile[]): { from: string; to: string } | undefined {
  const context = resolveCanaryContext(canary, files);
  if (!context.ok) return undefined;
  const primary = context.value.generatedObjects.find(
    (o) => o.kind === "Deployment" && (o.metadata as { name?: unknown } | undefined)?.name === primaryName(canary.targetRef.name),
  );
  const from = firstImage(primary);
  const to = firstImage(context.value.target.json);
  if (from === undefined || to === undefined || from === to) return undefined;
  return { from: imageLabel(from), to: imageLabel(to) };
}
