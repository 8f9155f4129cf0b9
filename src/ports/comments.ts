/** Comments on pull requests: one sticky comment per purpose, edited in place, and replies. */

export interface StickyComment {
  readonly issueNumber: number;
  /** `namespace/name`, e.g. `status/test/podinfo`: one comment per (PR, key). */
  readonly key: string;
  /** Markdown; the hidden marker is added by the adapter. */
  readonly body: string;
}

export interface CommentRef {
  readonly id: number;
  readonly url: string;
  readonly outcome: "created" | "updated" | "unchanged";
}

export interface CommentReply {
  readonly issueNumber: number;
  /** The person being answered, without `@`. */
  readonly to: string;
  /** The command or text being answered; its first line is quoted. */
  readonly quote: string;
  readonly body: string;
}

export interface Comments {
  /** Creates the comment, edits it when the body differs, writes nothing when it is the same. */
  upsertSticky(comment: StickyComment): Promise<CommentRef>;
  /** A new comment answering someone (GitHub has no threads on PR conversations). */
  reply(reply: CommentReply): Promise<CommentRef>;
}
