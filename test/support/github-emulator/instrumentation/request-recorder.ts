export type RequestKind = "read" | "write";

export interface RequestRecord {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  /** `METHOD /template` (e.g. `PATCH /repos/{owner}/{repo}/git/refs/{ref}`); undefined when no route matched. */
  readonly route: string | undefined;
  readonly kind: RequestKind;
  readonly status: number;
  readonly actor: string;
  /** For GraphQL: the operation type and its top-level fields. */
  readonly graphql: { readonly operation: "query" | "mutation" | "subscription"; readonly fields: readonly string[] } | undefined;
  /** The injected fault that answered, if any. */
  readonly fault: string | undefined;
  readonly delayMs: number;
}

export interface Counter {
  count: number;
  reads: number;
  writes: number;
  readonly statuses: Record<string, number>;
}

export interface RequestStats {
  readonly total: number;
  readonly reads: number;
  readonly writes: number;
  /** Requests that matched no route (answered 404). */
  readonly unmatched: number;
  readonly faulted: number;
  /** Keyed by `METHOD /template`. */
  readonly byRoute: Readonly<Record<string, Counter>>;
  /** Keyed by `query field` / `mutation field`, e.g. `mutation createCommitOnBranch`. */
  readonly byGraphqlField: Readonly<Record<string, Counter>>;
  readonly byStatus: Readonly<Record<string, number>>;
}

function bump(map: Record<string, Counter>, key: string, record: RequestRecord): void {
  const counter = (map[key] ??= { count: 0, reads: 0, writes: 0, statuses: {} });
  counter.count += 1;
  if (record.kind === "read") counter.reads += 1;
  else counter.writes += 1;
  counter.statuses[String(record.status)] = (counter.statuses[String(record.status)] ?? 0) + 1;
}

/** Every request the emulator answered, and counts by route, GraphQL field, kind and status. */
export class RequestRecorder {
  private readonly records: RequestRecord[] = [];
  private sequence = 0;

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  record(record: RequestRecord): void {
    this.records.push(record);
  }

  log(): readonly RequestRecord[] {
    return [...this.records];
  }

  unmatched(): readonly RequestRecord[] {
    return this.records.filter((r) => r.route === undefined);
  }

  reset(): void {
    this.records.length = 0;
  }

  stats(): RequestStats {
    const byRoute: Record<string, Counter> = {};
    const byGraphqlField: Record<string, Counter> = {};
    const byStatus: Record<string, number> = {};
    let reads = 0;
    let faulted = 0;
    for (const record of this.records) {
      if (record.kind === "read") reads += 1;
      if (record.fault !== undefined) faulted += 1;
      byStatus[String(record.status)] = (byStatus[String(record.status)] ?? 0) + 1;
      if (record.route !== undefined) bump(byRoute, record.route, record);
      for (const field of record.graphql?.fields ?? []) bump(byGraphqlField, `${record.graphql?.operation ?? "query"} ${field}`, record);
    }
    return {
      total: this.records.length,
      reads,
      writes: this.records.length - reads,
      unmatched: this.records.filter((r) => r.route === undefined).length,
      faulted,
      byRoute,
      byGraphqlField,
      byStatus,
    };
  }
}
