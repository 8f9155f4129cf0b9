import { describe, expect, it } from "vitest";
import { credentialsFromSecret } from "../../../../src/core/analysis/credentials-from-secret.js";

describe("credentialsFromSecret (Prometheus)", () => {
  it.each([
    ["a token is a bearer token", { token: "t0ken" }, { kind: "bearer", token: "t0ken" }],
    ["a token wins over username and password", { token: "t0ken", username: "u", password: "p" }, { kind: "bearer", token: "t0ken" }],
    ["username and password are basic auth", { username: "flagger", password: "s3cret" }, { kind: "basic", username: "flagger", password: "s3cret" }],
    ["one trailing newline (echo | kubectl) is dropped", { token: "t0ken\n" }, { kind: "bearer", token: "t0ken" }],
    ["a trailing CRLF is dropped", { username: "u\r\n", password: "p\n" }, { kind: "basic", username: "u", password: "p" }],
    ["other keys are ignored", { token: "t", "ca.crt": "x" }, { kind: "bearer", token: "t" }],
  ])("%s", (_label, data, expected) => {
    expect(credentialsFromSecret(data)).toEqual(expected);
  });

  it.each([
    ["no usable key, naming the keys found", { apiKey: "very-secret", region: "eu" }, 'expected key "token", or keys "username" and "password"; found "apiKey", "region"'],
    ["an empty Secret", {}, 'expected key "token", or keys "username" and "password"; found no keys'],
    ["a username without password", { username: "flagger" }, 'key "username" is set but "password" is missing'],
    ["a password without username", { password: "very-secret" }, 'key "password" is set but "username" is missing'],
    ["an empty token", { token: "" }, 'key "token" is empty'],
    ["an empty password", { username: "u", password: "\n" }, 'keys "username" and "password" must not be empty'],
  ])("%s is a clear error without the values", (_label, data, error) => {
    const result = credentialsFromSecret(data);
    expect(result).toEqual({ error });
    expect(JSON.stringify(result)).not.toContain("very-secret");
  });
});
