export { startGitHubEmulator, type EmulatedApp, type GitHubEmulator } from "./emulator.js";
export type {
  AppSeed,
  EmulatorLogEvent,
  GitHubEmulatorOptions,
  InstallationSeed,
  OrgSeed,
  ProtectionSeed,
  RepoSeed,
  TeamSeed,
  UserSeed,
} from "./options.js";
export type { HumanActor, OpenPullOptions, PushOptions } from "./actors/human.js";
export type { RepoHandle } from "./actors/repo-handle.js";
export type { InstallationActions } from "./actors/installations.js";
export type { Fault, FaultHandle, FaultRule } from "./faults/fault-injector.js";
export type { LatencyRule } from "./faults/latency.js";
export type { RequestMatch } from "./faults/request-match.js";
export type { Counter, RequestKind, RequestRecord, RequestStats } from "./instrumentation/request-recorder.js";
export type { DeliveryFilter, DeliveryRecord, DeliveryState, InterceptRule, WebhookDispatcher } from "./webhooks/dispatcher.js";
