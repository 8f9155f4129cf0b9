/**
 * The three ClusterIP Services of Flagger's Kubernetes router (pkg/router/kubernetes_default.go):
 * `<apex>` and `<apex>-primary` select the primary pods, `<apex>-canary` the target's pods. Each
 * carries its metadata from `service.apex|primary|canary` plus `<selector label>: <own name>`.
 */
import type { ObjectMetadata, ResolvedCanary } from "../spec/model.js";
import { sortedRecord } from "../routing/render-http-route.js";
import { routeNames } from "../routing/route-names.js";
import type { SelectorLabel } from "./primary-objects.js";

type Json = Record<string, unknown>;

function service(canary: ResolvedCanary, name: string, selectorValue: string, label: SelectorLabel, metadata: ObjectMetadata): Json {
  const s = canary.service;
  const labels = sortedRecord({ ...metadata.labels, [label.key]: name });
  const annotations = sortedRecord(metadata.annotations);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: canary.namespace, labels, ...(Object.keys(annotations).length === 0 ? {} : { annotations }) },
    spec: {
      type: "ClusterIP",
      selector: { [label.key]: selectorValue },
      ports: [
        {
          name: s.portName,
          protocol: "TCP",
          ...(s.appProtocol === undefined ? {} : { appProtocol: s.appProtocol }),
          port: s.port,
          targetPort: s.targetPort,
        },
      ],
    },
  };
}

export interface GeneratedServices {
  readonly apex: Json;
  readonly primary: Json;
  readonly canary: Json;
}

export function generatedServices(canary: ResolvedCanary, label: SelectorLabel): GeneratedServices {
  const names = routeNames(canary);
  const primaryPods = `${label.value}-primary`;
  return {
    apex: service(canary, names.apex, primaryPods, label, canary.service.apexMetadata),
    primary: service(canary, names.primary, primaryPods, label, canary.service.primaryMetadata),
    canary: service(canary, names.canary, label.value, label, canary.service.canaryMetadata),
  };
}
