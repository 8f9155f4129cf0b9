/**
 * Bounded polling for end-to-end tests: wait until a probe returns a value, or fail with a
 * message saying what was awaited, what was last seen and what the bot logged.
 */

export interface WaitOptions {
  /** Real milliseconds before giving up (default 20 s). */
  readonly timeoutMs?: number;
  /** Real milliseconds between probes (default 25). */
  readonly intervalMs?: number;
  /** What the bot was doing, appended to the timeout message. */
  readonly context?: () => string;
}

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WaitTimeoutError";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `probe` until it returns something other than undefined (or false). `describeLast`
 * turns the last probe result into text for the failure message.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions & { readonly lastSeen?: () => string | Promise<string> } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error: unknown) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 25);
  }
  const parts = [`timed out after ${String(timeoutMs)} ms waiting for ${what}`];
  if (lastError !== undefined) parts.push(`last probe failed: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`);
  if (options.lastSeen) parts.push(`last seen:\n${await options.lastSeen()}`);
  if (options.context) parts.push(`bot log (latest):\n${options.context()}`);
  throw new WaitTimeoutError(parts.join("\n\n"));
}

/** Waits `ms` real milliseconds: for "nothing happens" checks after the bot has had its chance. */
export function pause(ms: number): Promise<void> {
  return sleep(ms);
}
