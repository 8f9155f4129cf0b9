/**
 * Plain shapes of the Gateway API HTTPRoute (`gateway.networking.k8s.io` v1 and v1beta1) as
 * canary-bot writes them. Only the fields the bot produces are typed; a route read from Git may
 * hold more, which the in-place patcher keeps untouched.
 */

export type HttpPathMatchType = "Exact" | "PathPrefix" | "RegularExpression";
export type HttpValueMatchType = "Exact" | "RegularExpression";
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH";

export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

export interface HttpPathMatch {
  readonly type: HttpPathMatchType;
  readonly value: string;
}

export interface HttpHeaderMatch {
  readonly type: HttpValueMatchType;
  readonly name: string;
  readonly value: string;
}

export interface HttpQueryParamMatch {
  readonly type: HttpValueMatchType;
  readonly name: string;
  readonly value: string;
}

/** Gateway API `HTTPRouteMatch`; keys in the order the API's Go struct serialises them. */
export interface HttpRouteMatch {
  readonly path?: HttpPathMatch;
  readonly headers?: readonly HttpHeaderMatch[];
  readonly queryParams?: readonly HttpQueryParamMatch[];
  readonly method?: HttpMethod;
}

export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

export interface HttpHeaderFilter {
  readonly set?: readonly HttpHeader[];
  readonly add?: readonly HttpHeader[];
  readonly remove?: readonly string[];
}

export interface BackendObjectReference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly port?: number;
}

export interface HttpPathModifier {
  readonly type: "ReplaceFullPath" | "ReplacePrefixMatch";
  readonly replaceFullPath?: string;
  readonly replacePrefixMatch?: string;
}

export interface HttpUrlRewriteFilter {
  readonly hostname?: string;
  readonly path?: HttpPathModifier;
}

export interface HttpCorsFilter {
  readonly allowOrigins?: readonly string[];
  readonly allowCredentials?: boolean;
  readonly allowMethods?: readonly string[];
  readonly allowHeaders?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly maxAge?: number;
}

export type HttpRouteFilter =
  | { readonly type: "RequestHeaderModifier"; readonly requestHeaderModifier: HttpHeaderFilter }
  | { readonly type: "ResponseHeaderModifier"; readonly responseHeaderModifier: HttpHeaderFilter }
  | { readonly type: "URLRewrite"; readonly urlRewrite: HttpUrlRewriteFilter }
  | { readonly type: "RequestMirror"; readonly requestMirror: { readonly backendRef: BackendObjectReference } }
  | { readonly type: "CORS"; readonly cors: HttpCorsFilter };

/** Backend filters are limited to what the bot writes there: session-affinity cookies. */
export interface HttpBackendRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly port: number;
  readonly weight: number;
  readonly filters?: readonly HttpRouteFilter[];
}

export interface HttpRouteTimeouts {
  readonly request?: string;
  readonly backendRequest?: string;
}

export interface HttpRouteRule {
  readonly name?: string;
  readonly matches: readonly HttpRouteMatch[];
  readonly filters?: readonly HttpRouteFilter[];
  readonly backendRefs: readonly HttpBackendRef[];
  readonly timeouts?: HttpRouteTimeouts;
}

export interface HttpRouteParentRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

export interface HttpRoute {
  readonly apiVersion: "gateway.networking.k8s.io/v1" | "gateway.networking.k8s.io/v1beta1";
  readonly kind: "HTTPRoute";
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly parentRefs: readonly HttpRouteParentRef[];
    readonly hostnames?: readonly string[];
    readonly rules: readonly HttpRouteRule[];
  };
}
