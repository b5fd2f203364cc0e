/** The parsed form of every command that talks to a weft server. */
import type { SecretArgs, TokenArgs } from './access-args.js';
import type { ResourceKind } from './api.js';
import type { ClientOutput, Connection } from './client-args.js';

export interface ClientHelp {
  readonly action: 'help';
  readonly topic: string;
}

/** `--wait`, `--watch`, `--log` of submit, retry and resubmit. */
export interface FollowFlags {
  readonly wait: boolean;
  readonly watch: boolean;
  readonly log: boolean;
}

interface WithConnection {
  readonly connection: Connection;
}

export interface SubmitArgs extends WithConnection, FollowFlags {
  readonly action: 'submit';
  readonly files: readonly string[];
  /** `--from kind/name`, kind normalised to argo's Kind. */
  readonly from?: { readonly kind: string; readonly name: string };
  /** `-p NAME=VALUE` as given. */
  readonly parameters: readonly string[];
  readonly parameterFile?: string;
  readonly entrypoint?: string;
  /** `-l a=b,c=d`. */
  readonly labels?: string;
  readonly generateName?: string;
  readonly name?: string;
  readonly output?: ClientOutput;
}

export interface ListArgs extends WithConnection {
  readonly action: 'list';
  readonly statuses: readonly string[];
  readonly labels?: string;
  readonly template?: string;
  readonly sinceMs?: number;
  readonly limit?: number;
  readonly chunkSize?: number;
  readonly output?: ClientOutput;
}

export interface GetArgs extends WithConnection {
  readonly action: 'get';
  readonly name: string;
  readonly output?: ClientOutput;
}

export interface WatchArgs extends WithConnection {
  readonly action: 'watch';
  readonly name: string;
}

export interface ClientLogsArgs extends WithConnection {
  readonly action: 'logs';
  readonly name: string;
  readonly podName?: string;
  readonly container?: string;
  readonly follow: boolean;
  readonly grep?: string;
  readonly timestamps: boolean;
  readonly sinceSeconds?: number;
  readonly sinceTime?: string;
  readonly tail?: number;
  readonly noColor: boolean;
}

export interface RetryArgs extends WithConnection, FollowFlags {
  readonly action: 'retry';
  readonly name: string;
  readonly nodeFieldSelector?: string;
  readonly restartSuccessful: boolean;
  readonly parameters: readonly string[];
  readonly output?: ClientOutput;
}

export interface ResubmitArgs extends WithConnection, FollowFlags {
  readonly action: 'resubmit';
  readonly name: string;
  readonly memoized: boolean;
  readonly parameters: readonly string[];
  readonly output?: ClientOutput;
}

/** stop, terminate, suspend, resume: one PUT per named workflow. */
export interface WorkflowActionArgs extends WithConnection {
  readonly action: 'stop' | 'terminate' | 'suspend' | 'resume';
  readonly names: readonly string[];
  readonly nodeFieldSelector?: string;
  readonly message?: string;
}

export interface DeleteWorkflowsArgs extends WithConnection {
  readonly action: 'delete';
  readonly names: readonly string[];
  readonly all: boolean;
}

export interface ResourceArgs extends WithConnection {
  readonly action: 'resource-create' | 'resource-lint' | 'resource-list' | 'resource-get' | 'resource-delete';
  readonly kind: ResourceKind;
  /** Files for create/lint; names for get/delete. */
  readonly operands: readonly string[];
  readonly all: boolean;
  readonly labels?: string;
  readonly output?: ClientOutput;
}

export interface CronSuspendArgs extends WithConnection {
  readonly action: 'cron-suspend' | 'cron-resume';
  readonly names: readonly string[];
}

/** `weft template|cluster-template|cron runs NAME`: weft's per-template history. */
export interface RunsArgs extends WithConnection {
  readonly action: 'runs';
  readonly kind: ResourceKind;
  readonly name: string;
  readonly limit?: number;
  readonly output?: ClientOutput;
}

export type ClientArgs =
  | ClientHelp
  | SubmitArgs
  | ListArgs
  | GetArgs
  | WatchArgs
  | ClientLogsArgs
  | RetryArgs
  | ResubmitArgs
  | WorkflowActionArgs
  | DeleteWorkflowsArgs
  | ResourceArgs
  | CronSuspendArgs
  | RunsArgs
  | SecretArgs
  | TokenArgs;
