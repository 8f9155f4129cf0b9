/**
 * Turns the engine's events into series. Flagger sets its gauges inside its control loop; here the
 * rollout record after each tick carries the same facts (phase, traffic, metric values), so the
 * series follow the record.
 */
import type { PlanCode, RolloutRecord, StepRecord } from "../../core/machine/types.js";
import type { ResolvedCanary } from "../../core/spec/model.js";
import type { BotSeries } from "./bot-series.js";
import { analysisStatus, flaggerName, flaggerStatus, flaggerStrategy } from "./flagger-labels.js";
import type { FlaggerSeries } from "./flagger-series.js";
import type { EffectEvent, InventoryEvent, RolloutEvent, RolloutEvents, TickEvent } from "./rollout-events.js";

/**
 * Decisions that end a run. A run is counted by the tick that ends it, not by the first tick
 * that reports it finished: after a restart (or on another replica) ticks keep reporting the
 * finished record, and counting those would add a success on every deploy of the bot.
 */
const RUN_ENDS: ReadonlySet<string> = new Set<PlanCode>(["succeeded", "rolled-back", "promotion-failed", "run-cancelled"]);

interface Tracked {
  readonly repo: string;
  readonly namespace: string;
  /** The `name` label: the target's name, as Flagger labels its series. */
  target: string;
  canary: ResolvedCanary;
  record: RolloutRecord;
  /** The record was reported by the tick that is ending now. */
  fresh: boolean;
  /** `startedAt` of the run whose steps are being counted. */
  run: number | undefined;
  /** Highest step index already counted. */
  lastStep: number;
  /** The run last counted in successes or failures. */
  counted: number | undefined;
  /** Metric names with a `flagger_canary_metric_analysis` series. */
  readonly metrics: Set<string>;
}

function keyOf(repo: string, canary: string): string {
  return `${repo}\n${canary}`;
}

function lastIndex(steps: readonly StepRecord[]): number {
  return steps.reduce((max, s) => Math.max(max, s.index), -1);
}

/** Each metric's most recent value in the run: what Flagger's gauge holds after its last check. */
function lastValues(steps: readonly StepRecord[]): Map<string, number> {
  const values = new Map<string, number>();
  for (let i = steps.length - 1; i >= 0; i--) {
    for (const outcome of steps[i]?.metrics ?? []) {
      if (outcome.value !== undefined && !values.has(outcome.name)) values.set(outcome.name, outcome.value);
    }
  }
  return values;
}

function isFinished(record: RolloutRecord): boolean {
  return (record.phase === "Succeeded" || record.phase === "Failed") && record.finishedAt !== undefined;
}

export class RolloutRecorder implements RolloutEvents {
  readonly #flagger: FlaggerSeries;
  readonly #bot: BotSeries;
  readonly #tracked = new Map<string, Tracked>();
  /** Canaries per namespace, per repository (the latest inventory of each). */
  readonly #inventories = new Map<string, Map<string, number>>();

  constructor(flagger: FlaggerSeries, bot: BotSeries) {
    this.#flagger = flagger;
    this.#bot = bot;
  }

  rollout(event: RolloutEvent): void {
    const { repo, canary, record } = event;
    const key = keyOf(repo, `${canary.namespace}/${canary.name}`);
    let tracked = this.#tracked.get(key);
    if (tracked === undefined) {
      // Steps recorded before this process watched the canary were counted by whoever ran then.
      tracked = { repo, namespace: canary.namespace, target: flaggerName(canary), canary, record, fresh: true, run: record.startedAt, lastStep: lastIndex(record.steps), counted: undefined, metrics: new Set() };
      this.#tracked.set(key, tracked);
    } else if (tracked.target !== flaggerName(canary)) {
      this.#removeGauges(key, tracked);
      tracked.target = flaggerName(canary);
    }
    tracked.canary = canary;
    tracked.record = record;
    tracked.fresh = true;

    if (record.startedAt !== tracked.run) {
      tracked.run = record.startedAt;
      tracked.lastStep = -1;
    }
    const added = record.steps.filter((s) => s.index > tracked.lastStep).length;
    if (added > 0) this.#bot.steps.inc({ repo, canary: `${canary.namespace}/${canary.name}` }, added);
    tracked.lastStep = Math.max(tracked.lastStep, lastIndex(record.steps));

    const labels = { name: tracked.target, namespace: canary.namespace };
    this.#flagger.status.set(labels, flaggerStatus(record.phase));
    this.#flagger.weight.set({ workload: `${tracked.target}-primary`, namespace: canary.namespace }, record.traffic.primaryWeight);
    this.#flagger.weight.set({ workload: tracked.target, namespace: canary.namespace }, record.traffic.canaryWeight);
    for (const [metric, value] of lastValues(record.steps)) {
      this.#flagger.analysis.set({ ...labels, metric }, value);
      tracked.metrics.add(metric);
    }
  }

  tick(event: TickEvent): void {
    const tracked = this.#tracked.get(keyOf(event.repo, event.canary));
    const [namespace = "", name = ""] = event.canary.split("/", 2);
    const seconds = event.durationMs / 1000;
    // Flagger observes the time one analysis run of its control loop took; a tick is ours.
    this.#flagger.duration.observe({ name: tracked?.target ?? name, namespace }, seconds);
    this.#bot.tickDuration.observe(seconds);
    this.#bot.ticks.inc({ code: event.code });
    if (tracked === undefined) return;
    const { record, canary, fresh } = tracked;
    tracked.fresh = false;
    if (!fresh || !RUN_ENDS.has(event.code) || !isFinished(record)) return;
    const run = record.startedAt ?? record.finishedAt;
    if (tracked.counted === run) return;
    tracked.counted = run;
    const labels = { name: tracked.target, namespace, deployment_strategy: flaggerStrategy(canary.strategy), analysis_status: analysisStatus(canary) };
    if (record.phase === "Succeeded") this.#flagger.successes.inc(labels);
    else this.#flagger.failures.inc(labels);
  }

  effect(event: EffectEvent): void {
    this.#bot.effects.inc({ kind: event.kind, outcome: event.outcome });
  }

  /**
   * `flagger_canary_total` sums the latest inventory of every repository per namespace. Unlike
   * Flagger, which keeps the last count of a namespace whose Canaries are all gone, such a
   * namespace's series disappears, and so do the status, weight and analysis series of a Canary
   * removed from its repository (its counters and histograms stay, so rates stay correct).
   */
  inventory(event: InventoryEvent): void {
    const counts = new Map<string, number>();
    for (const c of event.canaries) counts.set(c.namespace, (counts.get(c.namespace) ?? 0) + 1);
    this.#inventories.set(event.repo, counts);
    const totals = new Map<string, number>();
    for (const perRepo of this.#inventories.values()) {
      for (const [namespace, count] of perRepo) totals.set(namespace, (totals.get(namespace) ?? 0) + count);
    }
    this.#flagger.total.reset();
    for (const [namespace, count] of totals) this.#flagger.total.set({ namespace }, count);

    const present = new Set(event.canaries.map((c) => keyOf(event.repo, `${c.namespace}/${c.name}`)));
    for (const [key, tracked] of this.#tracked) {
      if (tracked.repo !== event.repo || present.has(key)) continue;
      this.#tracked.delete(key);
      this.#removeGauges(key, tracked);
    }
  }

  /** Drops a Canary's gauges unless another tracked Canary (another repository) writes the same series. */
  #removeGauges(key: string, tracked: Tracked): void {
    const shared = [...this.#tracked].some(([k, t]) => k !== key && t.namespace === tracked.namespace && t.target === tracked.target);
    if (shared) return;
    const { namespace, target: name } = tracked;
    this.#flagger.status.remove({ name, namespace });
    this.#flagger.weight.remove({ workload: `${name}-primary`, namespace });
    this.#flagger.weight.remove({ workload: name, namespace });
    for (const metric of tracked.metrics) this.#flagger.analysis.remove({ name, namespace, metric });
    tracked.metrics.clear();
  }
}
