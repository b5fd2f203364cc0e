/** Minimal typing of the Kubernetes Pod manifest that core produces. */
export interface PodManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'Pod';
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly spec: {
    readonly containers: readonly PodContainer[];
    readonly initContainers?: readonly PodContainer[];
    readonly volumes?: readonly Record<string, unknown>[];
    readonly restartPolicy?: string;
    readonly activeDeadlineSeconds?: number;
    readonly [key: string]: unknown;
  };
}

export interface PodContainer {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { name: string; value?: string }[];
  readonly workingDir?: string;
  readonly volumeMounts?: readonly {
    name: string;
    mountPath: string;
    subPath?: string;
    readOnly?: boolean;
  }[];
  readonly [key: string]: unknown;
}
