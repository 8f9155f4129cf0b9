/** The real process as a `CliIo`. */
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";

function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  // `canary-bot plan | head` closes the pipe early: stop quietly instead of crashing with EPIPE.
  // Any other write error leaves no stream to explain it on: exit as a runtime error.
  stream.on("error", (error: NodeJS.ErrnoException) => {
    process.exit(error.code === "EPIPE" ? (process.exitCode ?? 0) : EXIT.runtime);
  });
}

export function processIo(): CliIo {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdoutIsTTY: process.stdout.isTTY,
    stderrIsTTY: process.stderr.isTTY,
    env: process.env,
    cwd: process.cwd(),
  };
}
