import type { TokenRegistry } from "./auth/tokens.js";
import type { KeyedMutex } from "./keyed-mutex.js";
import type { EmulatorLogEvent } from "./options.js";
import type { Urls } from "./render/urls.js";
import type { World } from "./state/world.js";
import type { WebhookDispatcher } from "./webhooks/dispatcher.js";

/** What the HTTP handlers, the GraphQL resolvers and the test-facing actors share. */
export interface EmulatorCore {
  readonly world: World;
  readonly urls: Urls;
  readonly webhooks: WebhookDispatcher;
  readonly tokens: TokenRegistry;
  /** Serialises writes per repository (`owner/name`), so each write sees a stable ref state. */
  readonly locks: KeyedMutex;
  readonly log: (event: EmulatorLogEvent) => void;
}
