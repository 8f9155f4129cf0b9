import { Observable, type ConfigurationOptions, type ObservableMiddleware } from "@kubernetes/client-node";

/**
 * Per-request options for client-node: a deadline (client-node sets none, and a hung API server
 * must not hang a tick) and, for patches, the Content-Type (client-node defaults to JSON patch).
 * A fresh object per call: client-node reverses the merged middleware list in place.
 */
export function requestOptions(timeoutMs: number, contentType?: string): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(AbortSignal.timeout(timeoutMs));
      if (contentType !== undefined) context.setHeaderParam("Content-Type", contentType);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: "append" };
}
