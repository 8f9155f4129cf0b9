import { BREAK, GraphQLError, Kind, visit, type ASTNode, type DocumentNode } from "graphql";

/** Error `type`s GitHub's GraphQL API puts on errors (alongside message, path, locations). */
export type GitHubErrorType = "NOT_FOUND" | "STALE_DATA" | "UNPROCESSABLE" | "FORBIDDEN" | "RATE_LIMITED";

export function githubError(type: GitHubErrorType, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

/** Formats an execution error the way GitHub does: `type` at top level, not in `extensions`. */
export function formatGithubError(error: GraphQLError): Record<string, unknown> {
  const type = error.extensions.type;
  return {
    ...(typeof type === "string" ? { type } : {}),
    ...(error.path === undefined ? {} : { path: error.path }),
    ...(error.locations === undefined ? {} : { locations: error.locations }),
    message: error.message,
  };
}

/** The response path GitHub reports for a validation error: operation, then field names. */
function pathTo(document: DocumentNode, target: ASTNode): string[] | undefined {
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node !== target) return undefined;
      const chain = [...ancestors, node].filter((a): a is ASTNode => typeof a === "object" && "kind" in a);
      found = chain.flatMap((a) => {
        if (a.kind === Kind.OPERATION_DEFINITION) return [a.name ? `${a.operation} ${a.name.value}` : a.operation];
        if (a.kind === Kind.FIELD) return [a.name.value];
        return [];
      });
      return BREAK;
    },
  });
  return found;
}

/**
 * Formats a validation error. GitHub validates with graphql-ruby, whose wording differs from
 * graphql-js; the most common case, an unknown field, is translated to GitHub's shape.
 */
export function formatValidationError(error: GraphQLError, document: DocumentNode): Record<string, unknown> {
  const unknownField = /^Cannot query field "(.+)" on type "(.+)"\.$/.exec(error.message);
  const node = error.nodes?.[0];
  if (unknownField && node) {
    const [, fieldName = "", typeName = ""] = unknownField;
    return {
      path: pathTo(document, node),
      extensions: { code: "undefinedField", typeName, fieldName },
      locations: error.locations,
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
    };
  }
  return formatGithubError(error);
}
