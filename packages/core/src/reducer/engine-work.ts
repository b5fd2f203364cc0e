/**
 * Events and commands of work the engine does itself rather than in a pod: HTTP templates' requests,
 * listings of the artifact repository for data templates, and the start of a step's main container
 * (which makes a daemon step "daemoned").
 */

import type { Artifact } from '../spec/types.js';

/** A header of an HTTP template, its value resolved. */
export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

/** What the engine tells the reducer about a finished HTTP request. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly body: string;
  /** Go's shape: canonical header names (`Content-Type`) to their values. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
}

export type EngineWorkEvent =
  /** A step's primary container started (and passed its readinessProbe, when it has one). */
  | { readonly type: 'StepStarted'; readonly nodeId: string }
  /** An `HttpRequest` ended: a response, or `error` when none arrived (refused, timed out, bad URL). */
  | {
      readonly type: 'HttpResponded';
      readonly nodeId: string;
      readonly response?: HttpResponse;
      readonly error?: string;
    }
  /** A `ListArtifacts` ended: the keys found below its prefix, or `error`. */
  | {
      readonly type: 'ArtifactsListed';
      readonly nodeId: string;
      readonly keys?: readonly string[];
      readonly error?: string;
    };

export type EngineWorkCommand =
  | {
      readonly type: 'HttpRequest';
      readonly nodeId: string;
      readonly method: string;
      readonly url: string;
      readonly headers: readonly HttpHeader[];
      readonly body: string;
      /** Absent: no timeout (as Argo's agent when `timeoutSeconds` is not set). */
      readonly timeoutMs?: number;
      readonly insecureSkipVerify: boolean;
    }
  /** List the keys of every object stored under `artifact` (a data template's `source.artifactPaths`). */
  | { readonly type: 'ListArtifacts'; readonly nodeId: string; readonly artifact: Artifact };
