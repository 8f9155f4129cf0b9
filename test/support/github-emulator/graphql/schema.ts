import { schema as githubSchema } from "@octokit/graphql-schema";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

let built: GraphQLSchema | undefined;

/**
 * GitHub's public GraphQL schema (@octokit/graphql-schema), built once per process. Its SDL has
 * definitions that graphql 17's stricter schema validation rejects (deprecated interface
 * fields), so it is built from the introspection result with `assumeValid`; documents are still
 * fully validated against it.
 */
export function githubGraphqlSchema(): GraphQLSchema {
  built ??= buildClientSchema(githubSchema.json as unknown as IntrospectionQuery, { assumeValid: true });
  return built;
}
