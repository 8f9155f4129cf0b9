/** `canary-bot validate [dir…]`: every issue of every Canary, MetricTemplate and AlertProvider. */
import type { CliCommand } from "./command.js";
import { EXIT } from "./exit-codes.js";
import { colourEnabled } from "./io.js";
import { loadDirectory } from "./load-dir.js";
import type { LoadedDirectory } from "./load-dir.js";
import { choice, parseFlags } from "./parse-flags.js";
import { makeStyle } from "./style.js";
import { repositoryReportJson, repositoryReportText } from "./validate-report.js";

export const VALIDATE_SCHEMA_VERSION = 1;

const HELP = `Usage: canary-bot validate [dir...] [--format text|json]

Checks the Canary, MetricTemplate and AlertProvider specs of a GitOps repository the way
canary-bot reads them: every *.yaml and *.yml file under each directory (default: the current
one; node_modules and .git are skipped, symlinks out of the tree are not followed).

Every issue is printed as
  file:line:column: field: message            (an error)
  file:line:column: warning: field: message   (a warning)
with paths relative to the directory, as in the repository. On a terminal the offending line
is shown with a caret under the column. A summary line ends the output.

Options:
  --format text|json   output format (default text); json is described in docs/cli.md
  -h, --help           show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error, 3 a file could not be read.
`;

export const validateCommand: CliCommand = {
  name: "validate",
  summary: "check Canary, MetricTemplate and AlertProvider specs; print every issue with file:line:column",
  help: HELP,
  run: async (args, io) => {
    const flags = parseFlags(args, { format: { type: "string" } });
    const format = choice(flags, "format", ["text", "json"], "text");
    const dirs = flags.positionals.length === 0 ? ["."] : flags.positionals;
    const loaded: LoadedDirectory[] = [];
    for (const dir of dirs) loaded.push(await loadDirectory(dir, io));
    const failed = loaded.some((l) => l.index.issues.some((i) => i.severity === "error"));

    if (format === "json") {
      const repositories = loaded.map(repositoryReportJson);
      const document = {
        schemaVersion: VALIDATE_SCHEMA_VERSION,
        valid: !failed,
        errors: repositories.reduce((n, r) => n + r.errors, 0),
        warnings: repositories.reduce((n, r) => n + r.warnings, 0),
        repositories,
      };
      io.stdout(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      const style = makeStyle(colourEnabled(io.stdoutIsTTY, io.env));
      const lines = loaded.flatMap((l) => repositoryReportText(l, { style, snippets: io.stdoutIsTTY, named: loaded.length > 1 }));
      io.stdout(`${lines.join("\n")}\n`);
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};
