/** A Probot for tests: a fresh RSA key, silent logs, and Octokit without throttling or retries. */
import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";

let key: string | undefined;

export function testPrivateKey(): string {
  key ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return key;
}

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/**
 * The FUNCTION form of `defaults` on purpose: Probot injects its own `throttle` options into
 * every instance, which replace an object-form `throttle: { enabled: false }` (probot#2039),
 * and then every write waits a second.
 */
export const UnthrottledOctokit = ProbotOctokit.defaults((options: OctokitOptions) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

export const APP_ID = 123;
export const WEBHOOK_SECRET = "test-webhook-secret";

export function testProbotOptions() {
  return {
    appId: APP_ID,
    privateKey: testPrivateKey(),
    secret: WEBHOOK_SECRET,
    log: pino({ level: process.env.TEST_LOG ?? "silent" }),
    Octokit: UnthrottledOctokit,
  };
}

export function testProbot(): Probot {
  return new Probot(testProbotOptions());
}
