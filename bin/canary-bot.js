#!/usr/bin/env node
// The canary-bot command line. The code lives in dist/, compiled by `npm run build`.
let cli;
try {
  cli = await import("../dist/cli/main.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("cli/main.js")) {
    process.stderr.write("canary-bot: not built yet; run `npm run build` first\n");
    process.exit(3);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv.slice(2));
