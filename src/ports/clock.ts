/** Time as the engine sees it. The simulator runs the same engine on an accelerated clock. */
export interface Clock {
  now(): number;
  /** Calls `fn` after `ms` of this clock's time; returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
}
