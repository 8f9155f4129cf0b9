import type { Clock } from "../../ports/clock.js";

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => {
      clearTimeout(timer);
    };
  }
}

/**
 * A clock that runs `speed` times faster than real time, starting at `start`: the simulator's
 * accelerated clock. Every component that asks it for the time sees the same virtual time.
 */
export class ScaledClock implements Clock {
  readonly #start: number;
  readonly #realStart: number;
  readonly #speed: number;

  constructor(start: number, speed: number) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${String(speed)}`);
    this.#start = start;
    this.#realStart = Date.now();
    this.#speed = speed;
  }

  now(): number {
    return this.#start + Math.round((Date.now() - this.#realStart) * this.#speed);
  }

  schedule(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, ms / this.#speed));
    return () => {
      clearTimeout(timer);
    };
  }
}
