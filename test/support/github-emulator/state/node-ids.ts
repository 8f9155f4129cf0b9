/**
 * GraphQL global node ids in GitHub's current style (`PR_kwDO…`): a type prefix plus an opaque
 * part. Ours encode the record key so `node(id:)` and `branch.id` can be resolved back.
 */
export type NodeKind =
  | "Repository"
  | "PullRequest"
  | "User"
  | "Bot"
  | "Organization"
  | "Ref"
  | "Commit"
  | "PullRequestReview"
  | "IssueComment"
  | "CheckRun"
  | "CheckSuite"
  | "Team"
  | "Integration"
  | "StatusContext"
  | "Tree"
  | "Blob";

const PREFIX: Record<NodeKind, string> = {
  Repository: "R",
  PullRequest: "PR",
  User: "U",
  Bot: "BOT",
  Organization: "O",
  Ref: "REF",
  Commit: "C",
  PullRequestReview: "PRR",
  IssueComment: "IC",
  CheckRun: "CR",
  CheckSuite: "CS",
  Team: "T",
  Integration: "A",
  StatusContext: "SC",
  Tree: "TR",
  Blob: "B",
};

export function nodeId(kind: NodeKind, key: string | number): string {
  return `${PREFIX[kind]}_kwDO${Buffer.from(`${kind}:${String(key)}`, "utf8").toString("base64url")}`;
}

export interface DecodedNodeId {
  readonly kind: NodeKind;
  readonly key: string;
}

export function decodeNodeId(id: string): DecodedNodeId | undefined {
  const match = /^[A-Z]+_kwDO([A-Za-z0-9_-]+)$/.exec(id);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? "", "base64url").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const kind = decoded.slice(0, colon);
  if (!(kind in PREFIX)) return undefined;
  return { kind: kind as NodeKind, key: decoded.slice(colon + 1) };
}
