/** `canary-bot plan [dir]`: what each Canary's next rollout will do when every check passes. */
import { planRollout } from "../core/outline/plan-rollout.js";
import type { RolloutPlan } from "../core/outline/types.js";
import type { SpecIssue } from "../core/errors.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import { suggestKey } from "../core/spec/zod-issues.js";
import { UsageError } from "./cli-errors.js";
import type { CliCommand } from "./command.js";
import { EXIT } from "./exit-codes.js";
import { colourEnabled } from "./io.js";
import { renderIssues } from "./issue-report.js";
import { loadDirectory } from "./load-dir.js";
import type { LoadedDirectory } from "./load-dir.js";
import { choice, parseFlags, stringFlag } from "./parse-flags.js";
import { planDocument } from "./plan-json.js";
import { planBlock } from "./plan-text.js";
import { makeStyle } from "./style.js";
import { repositoryReportText } from "./validate-report.js";

const HELP = `Usage: canary-bot plan [dir] [--canary namespace/name] [--format text|json]
                       [--promotion-gate webhooks|pull-request]

Shows what the next rollout of each Canary in the repository at dir (default: the current
directory) will do when every check passes: the traffic steps, how long it takes at least, how
soon it rolls back, the gates that wait for people, and the files canary-bot writes. The steps
come from running canary-bot's own rollout engine against checks that all pass.

When a spec has errors, plan prints them as validate does and exits 1.

Options:
  --canary ns/name     only this Canary (a bare name works when it is unique)
  --format text|json   output format (default text); json holds every step with its
                       commit and the full HTTPRoute, described in docs/cli.md
  --promotion-gate webhooks|pull-request
                       how promotion is approved: Flagger's confirm-promotion webhooks only
                       (default), or a review on a promotion PR (gates.promotion: pull-request)
  -h, --help           show this help

Exit codes: 0 planned, 1 spec errors, 2 usage error (also: no such Canary), 3 a file could not be read.
`;

function selectCanaries(loaded: LoadedDirectory, wanted: string | undefined): ResolvedCanary[] {
  const all = loaded.index.canaries;
  if (wanted === undefined) return [...all];
  const ids = all.map((c) => `${c.namespace}/${c.name}`);
  const matches = wanted.includes("/") ? all.filter((c) => `${c.namespace}/${c.name}` === wanted) : all.filter((c) => c.name === wanted);
  if (matches.length === 1) return matches;
  if (matches.length > 1) throw new UsageError(`--canary ${wanted} is ambiguous: ${matches.map((c) => `${c.namespace}/${c.name}`).join(", ")}; give namespace/name`);
  const suggestion = suggestKey(wanted, wanted.includes("/") ? ids : all.map((c) => c.name));
  const known = ids.length === 0 ? "it has no Canaries" : `its Canaries: ${ids.join(", ")}`;
  throw new UsageError(`no Canary ${wanted} in ${loaded.dir}${suggestion === undefined ? "" : `; did you mean ${suggestion}?`} (${known})`);
}

export const planCommand: CliCommand = {
  name: "plan",
  summary: "show what each Canary's next rollout will do: steps, timing, gates, files written",
  help: HELP,
  run: async (args, io) => {
    const flags = parseFlags(args, { format: { type: "string" }, canary: { type: "string" }, "promotion-gate": { type: "string" } }, 1);
    const format = choice(flags, "format", ["text", "json"], "text");
    const promotionGate = choice(flags, "promotion-gate", ["webhooks", "pull-request"], "webhooks");
    const wanted = stringFlag(flags, "canary");
    const loaded = await loadDirectory(flags.positionals[0] ?? ".", io);
    const style = makeStyle(colourEnabled(io.stdoutIsTTY, io.env));
    const issues = loaded.index.issues;

    if (issues.some((i) => i.severity === "error")) {
      if (format === "json") io.stdout(`${JSON.stringify(planDocument(loaded.dir, promotionGate, issues, []), null, 2)}\n`);
      else io.stdout(`${repositoryReportText(loaded, { style, snippets: io.stdoutIsTTY, named: false }).join("\n")}\n`);
      return EXIT.failed;
    }

    const canaries = selectCanaries(loaded, wanted);
    const plans: { canary: ResolvedCanary; plan: RolloutPlan }[] = [];
    const planIssues: SpecIssue[] = [];
    for (const canary of canaries) {
      const result = planRollout(canary, loaded.index, { promotionGate });
      if ("issues" in result) planIssues.push(...result.issues);
      else plans.push({ canary, plan: result.plan });
    }
    const allIssues = [...issues, ...planIssues];
    if (format === "json") {
      const document = planDocument(loaded.dir, promotionGate, allIssues, planIssues.length > 0 ? [] : plans.map((p) => p.plan));
      io.stdout(`${JSON.stringify(document, null, 2)}\n`);
      return planIssues.length > 0 ? EXIT.failed : EXIT.ok;
    }
    const lines = renderIssues(allIssues, { style, snippets: io.stdoutIsTTY, contents: loaded.contents });
    if (planIssues.length === 0) {
      if (lines.length > 0) lines.push("");
      if (plans.length === 0) lines.push(`no Canaries in ${loaded.dir}`);
      plans.forEach(({ canary, plan }, i) => {
        if (i > 0) lines.push("");
        lines.push(...planBlock(plan, canary, style));
      });
    }
    io.stdout(`${lines.join("\n")}\n`);
    return planIssues.length > 0 ? EXIT.failed : EXIT.ok;
  },
};
