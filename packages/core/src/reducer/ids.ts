/** Node names and ids as Argo forms them. */
import { utf8Encode } from '../text/utf8.js';

/** 32-bit FNV-1a of a string's UTF-8 bytes, as Argo hashes node names into ids. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8Encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Argo: the root node's id is the workflow name; every other node's is `<workflow>-<fnv32a(nodeName)>`. */
export function nodeId(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv32a(nodeName)}`;
}

/** Argo's pod name (v2 naming): `<workflow>-<template>-<fnv32a(nodeName)>`, shortened to 63 characters. */
export function podName(workflowName: string, templateName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  const hash = String(fnv32a(nodeName));
  let prefix = `${workflowName}-${templateName}`;
  const max = 253 - hash.length - 1;
  if (prefix.length > max) prefix = prefix.slice(0, max);
  return `${prefix}-${hash}`;
}

export function stepGroupName(parentName: string, index: number): string {
  return `${parentName}[${index}]`;
}

export function childName(parentName: string, childDisplayName: string): string {
  return `${parentName}.${childDisplayName}`;
}
