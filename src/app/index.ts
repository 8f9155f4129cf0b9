/**
 * The GitHub App. `createApp(collaborators)` returns the Probot application function; it is
 * also the default export (Probot convention for `src/app/index.ts`). The process entry builds
 * the engine and the delivery log and passes them in; tests pass fakes.
 */
import { createApp } from "./create-app.js";

export { createApp } from "./create-app.js";
export type { AppCollaborators, AppLog } from "./app-collaborators.js";
export { probotOctokit } from "./probot-octokit.js";

export default createApp;
