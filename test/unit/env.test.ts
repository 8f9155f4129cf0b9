import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../src/env.js";

describe("environment", () => {
  it("has working defaults for the embedded mode", () => {
    const env = parseEnv({});
    expect(env.CANARY_BOT_DATA_DIR).toBe(".canary-bot");
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.CANARY_BOT_APPLY_DELAY).toBe(60_000);
    expect(env.CANARY_BOT_METRICS_SERVER).toBe("http://prometheus:9090");
    expect(env.CANARY_BOT_IN_CLUSTER).toBe(false);
  });

  it("parses durations, flags and numbers", () => {
    const env = parseEnv({ CANARY_BOT_APPLY_DELAY: "90s", CANARY_BOT_IN_CLUSTER: "true", CANARY_BOT_CONCURRENCY: "8", REDIS_URL: "redis://redis:6379/0" });
    expect(env.CANARY_BOT_APPLY_DELAY).toBe(90_000);
    expect(env.CANARY_BOT_IN_CLUSTER).toBe(true);
    expect(env.CANARY_BOT_CONCURRENCY).toBe(8);
    expect(env.REDIS_URL).toBe("redis://redis:6379/0");
  });

  it("names every invalid variable", () => {
    expect(() => parseEnv({ CANARY_BOT_APPLY_DELAY: "soon", REDIS_URL: "http://x", LOG_LEVEL: "loud" })).toThrow(EnvError);
    const invalid = { CANARY_BOT_APPLY_DELAY: "soon", REDIS_URL: "http://x" };
    expect(() => parseEnv(invalid)).toThrow(/CANARY_BOT_APPLY_DELAY: a duration such as 500ms, 30s, 5m or 1h/);
    expect(() => parseEnv(invalid)).toThrow(/\n {2}REDIS_URL: /);
  });
});
