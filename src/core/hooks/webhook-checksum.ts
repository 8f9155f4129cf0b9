import { sha256Hex } from "../hash.js";
import { sortedRecord } from "./marshal-json.js";

export interface ChecksumInput {
  /** The revision being rolled out (`RolloutRecord.revision`). */
  readonly revision: string;
  /** Checksums of tracked ConfigMaps/Secrets by name, when known separately from the revision. */
  readonly trackedConfigs?: Readonly<Record<string, string>>;
}

/**
 * The webhook payload's `checksum`: identifies "this exact revision" across every hook call of a
 * rollout, as Flagger's hash of `{trackedConfigs, lastAppliedSpec}` does. Receivers treat it as
 * opaque, so it is not Flagger's FNV/spew hash; it is SHA-256 over canonical JSON (sorted keys),
 * which stays stable across library upgrades (Flagger #1201, #1673), cut to 16 hex characters.
 */
export function webhookChecksum(input: ChecksumInput): string {
  const canonical = JSON.stringify({
    trackedConfigs: sortedRecord(input.trackedConfigs ?? {}),
    revision: input.revision,
  });
  return sha256Hex(canonical).slice(0, 16);
}
