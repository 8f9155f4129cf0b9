/** The exit codes of every command (docs/cli.md lists them). */
export const EXIT = {
  ok: 0,
  /** Spec errors, or a rollout that failed. */
  failed: 1,
  /** Unknown command or option, a bad option value, a directory that does not exist. */
  usage: 2,
  /** Something outside the user's files went wrong: an unreachable server, an unreadable file. */
  runtime: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
