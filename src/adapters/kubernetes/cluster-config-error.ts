import { AppError } from "../../core/errors.js";

/**
 * The bot's cluster configuration is unusable: an invalid kubeconfig, or a repository that names
 * a cluster the bot does not know. A person fixes it; retrying does not help.
 */
export class ClusterConfigError extends AppError {
  readonly code = "cluster-config";
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ClusterConfigError";
  }
}
