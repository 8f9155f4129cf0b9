import { createHash } from "node:crypto";
import { InvariantError } from "../../core/errors.js";
import type { RedisConnection } from "./redis-connection.js";

/**
 * A Lua script run atomically on the server. It is sent by its SHA1 (`EVALSHA`) and, the first
 * time a server has not seen it (`NOSCRIPT`, e.g. after a restart or failover), by its text.
 * Scripts return only integers and strings: a Lua boolean's reply type differs between RESP2
 * and RESP3.
 */
export class RedisScript {
  readonly name: string;
  readonly #lua: string;
  readonly #sha: string;

  constructor(name: string, lua: string) {
    this.name = name;
    this.#lua = lua;
    this.#sha = createHash("sha1").update(lua).digest("hex");
  }

  async run(connection: RedisConnection, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    return connection.call(`EVALSHA ${this.name}`, async (client) => {
      try {
        return await client.evalsha(this.#sha, keys.length, ...keys, ...args);
      } catch (error: unknown) {
        if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
        return client.eval(this.#lua, keys.length, ...keys, ...args);
      }
    });
  }
}

/** A script reply expected to be an integer. */
export function integerReply(reply: unknown, script: string): number {
  if (typeof reply === "number") return reply;
  throw new InvariantError(`redis script ${script} answered ${JSON.stringify(reply)}, expected an integer`);
}

/** A script reply expected to be a string; `""` means "nothing". */
export function stringReply(reply: unknown, script: string): string {
  if (typeof reply === "string") return reply;
  if (reply === null) return "";
  throw new InvariantError(`redis script ${script} answered ${JSON.stringify(reply)}, expected a string`);
}
