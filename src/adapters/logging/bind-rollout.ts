import type { Logger } from "pino";

export interface RolloutBindings {
  /** GitHub App installation id; absent in local (CLI) runs. */
  readonly installation?: number;
  /** `owner/name` */
  readonly repo: string;
  /** `namespace/name` of the Canary. */
  readonly canary?: string;
}

/** A child logger whose every line carries `installation`, `repo` and `canary`. */
export function bindRollout(logger: Logger, bindings: RolloutBindings): Logger {
  return logger.child({
    ...(bindings.installation === undefined ? {} : { installation: bindings.installation }),
    repo: bindings.repo,
    ...(bindings.canary === undefined ? {} : { canary: bindings.canary }),
  });
}
