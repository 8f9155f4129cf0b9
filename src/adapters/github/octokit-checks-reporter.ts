import type { CheckAnnotation, CheckRunRef, CheckRunReport, ChecksReporter } from "../../ports/checks.js";
import { ANNOTATIONS_PER_REQUEST, checkActions, cutToLimit, fitSummary } from "./check-output.js";
import { fullName, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { gitHubCall } from "./translate-error.js";

export interface ChecksReporterOptions {
  /** The App's id: only its runs are considered when looking for an existing one. */
  readonly appId?: number;
}

interface ExistingRun {
  readonly id: number;
  readonly html_url: string | null;
  readonly external_id: string | null;
  readonly status: string;
  readonly conclusion: string | null;
  readonly details_url: string | null;
  readonly output: { readonly title: string | null; readonly summary: string | null; readonly text: string | null; readonly annotations_count: number };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function toGitHub(a: CheckAnnotation) {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    annotation_level: a.level,
    message: a.message,
    ...(a.title === undefined ? {} : { title: a.title }),
  };
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Check runs are upserted by (name, head SHA, external id): the run is looked up among the
 * head's runs of that name, updated when found, created otherwise. An update that would not
 * change what GitHub shows (status, conclusion, title, summary, text, details URL, no new
 * annotations) is skipped, because every write counts against GitHub's content limits. GitHub
 * does not return a run's buttons, so a change of `actions` alone is not seen; the bot's
 * buttons only change together with the summary.
 */
export class OctokitChecksReporter implements ChecksReporter {
  readonly #octokit: GitHubClient;
  readonly #at: RepoCoordinates;
  readonly #appId: number | undefined;
  readonly #base: string;

  constructor(octokit: GitHubClient, coordinates: RepoCoordinates, options: ChecksReporterOptions = {}) {
    this.#octokit = octokit;
    this.#at = coordinates;
    this.#appId = options.appId;
    this.#base = `/repos/${fullName(coordinates)}`;
  }

  async upsert(report: CheckRunReport): Promise<CheckRunRef> {
    checkActions(report.actions ?? []);
    const summary = fitSummary(report.summary, report.fallbackSummary);
    const text = report.text === undefined ? undefined : cutToLimit(report.text);
    const existing = await this.#find(report);
    const annotations = (report.annotations ?? []).slice(existing?.output.annotations_count ?? 0).map(toGitHub);
    const [first = [], ...rest] = batches(annotations, ANNOTATIONS_PER_REQUEST);
    const output = { title: report.title, summary, ...(text === undefined ? {} : { text }) };
    const fields = {
      status: report.status,
      ...(report.conclusion === undefined ? {} : { conclusion: report.conclusion }),
      ...(report.detailsUrl === undefined ? {} : { details_url: report.detailsUrl }),
      ...(report.startedAt === undefined ? {} : { started_at: iso(report.startedAt) }),
      ...(report.completedAt === undefined ? {} : { completed_at: iso(report.completedAt) }),
      ...(report.actions === undefined ? {} : { actions: report.actions.map((a) => ({ ...a })) }),
    };

    let id: number;
    let url: string;
    let outcome: CheckRunRef["outcome"];
    if (existing === undefined) {
      const { data } = await gitHubCall(`POST ${this.#base}/check-runs`, () =>
        this.#octokit.rest.checks.create({
          ...this.#at,
          name: report.name,
          head_sha: report.headSha,
          external_id: report.externalId,
          ...fields,
          output: { ...output, ...(first.length > 0 ? { annotations: first } : {}) },
        }),
      );
      ({ id } = data);
      url = data.html_url ?? data.url;
      outcome = "created";
    } else if (first.length === 0 && this.#shows(existing, report, summary, text)) {
      return { id: existing.id, url: existing.html_url ?? "", outcome: "unchanged" };
    } else {
      const { data } = await this.#update(existing.id, { ...fields, output: { ...output, ...(first.length > 0 ? { annotations: first } : {}) } });
      ({ id } = data);
      url = data.html_url ?? data.url;
      outcome = "updated";
    }
    // GitHub appends the annotations of each update to the run's list.
    for (const batch of rest) await this.#update(id, { output: { ...output, annotations: batch } });
    return { id, url, outcome };
  }

  #update(id: number, body: Record<string, unknown>) {
    return gitHubCall(`PATCH ${this.#base}/check-runs/${String(id)}`, () =>
      this.#octokit.rest.checks.update({ ...this.#at, check_run_id: id, ...body }),
    );
  }

  #shows(run: ExistingRun, report: CheckRunReport, summary: string, text: string | undefined): boolean {
    return (
      run.status === report.status &&
      (run.conclusion ?? undefined) === report.conclusion &&
      run.output.title === report.title &&
      run.output.summary === summary &&
      (run.output.text ?? undefined) === text &&
      (report.detailsUrl === undefined || run.details_url === report.detailsUrl)
    );
  }

  async #find(report: CheckRunReport): Promise<ExistingRun | undefined> {
    const runs = await gitHubCall(`GET ${this.#base}/commits/${report.headSha}/check-runs`, () =>
      this.#octokit.paginate(this.#octokit.rest.checks.listForRef, {
        ...this.#at,
        ref: report.headSha,
        check_name: report.name,
        filter: "all",
        per_page: 100,
        ...(this.#appId === undefined ? {} : { app_id: this.#appId }),
      }),
    );
    // Several runs can exist (re-runs create new ones); the newest is the one people see.
    return runs
      .filter((run) => run.external_id === report.externalId && run.name === report.name)
      .sort((a, b) => b.id - a.id)[0];
  }
}
