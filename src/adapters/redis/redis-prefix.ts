/** Every key canary-bot writes starts with this, so one Redis can serve other applications too. */
export const DEFAULT_REDIS_PREFIX = "canary-bot:";
