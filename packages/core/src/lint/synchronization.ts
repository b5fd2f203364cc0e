/**
 * `synchronization` blocks (the workflow's and each template's): a mutex needs a name, and a
 * semaphore's limit must be found in the ConfigMaps given (`weft lint`/`weft run` take them as
 * extra files), as a positive integer. Names or keys holding `{{…}}` are resolved at run time and
 * not checked here.
 */
import type { SemaphoreRef, Synchronization } from '../spec/types.js';
import { isRecord, type LintRun, report, templatePath } from './context.js';

export function lintSynchronization(run: LintRun): void {
  checkBlock(run, run.spec.synchronization, `${run.specPath}.synchronization`);
  const templates = Array.isArray(run.spec.templates) ? run.spec.templates : [];
  templates.forEach((template, index) => {
    if (isRecord(template))
      checkBlock(run, template.synchronization, `${templatePath(run, index)}.synchronization`);
  });
}

function checkBlock(run: LintRun, sync: Synchronization | undefined, path: string): void {
  if (!isRecord(sync)) return;
  if (isRecord(sync.mutex)) checkMutexName(run, sync.mutex.name, `${path}.mutex.name`);
  if (Array.isArray(sync.mutexes))
    sync.mutexes.forEach((m, i) => {
      checkMutexName(run, m?.name, `${path}.mutexes[${i}].name`);
    });
  if (isRecord(sync.semaphore)) checkSemaphore(run, sync.semaphore, `${path}.semaphore`);
  if (Array.isArray(sync.semaphores))
    sync.semaphores.forEach((s, i) => {
      if (isRecord(s)) checkSemaphore(run, s as SemaphoreRef, `${path}.semaphores[${i}]`);
    });
}

function checkMutexName(run: LintRun, name: unknown, path: string): void {
  if (typeof name !== 'string' || name.trim() === '')
    report(run, 'empty-mutex-name', path, 'mutex name must not be empty');
}

function checkSemaphore(run: LintRun, semaphore: SemaphoreRef, path: string): void {
  const ref = semaphore.configMapKeyRef;
  if (!isRecord(ref)) return;
  const { name, key } = ref;
  if (typeof name !== 'string' || name === '') {
    report(run, 'missing-configmap', `${path}.configMapKeyRef.name`, 'semaphore needs a ConfigMap name');
    return;
  }
  if (typeof key !== 'string' || key === '') {
    report(run, 'missing-configmap-key', `${path}.configMapKeyRef.key`, 'semaphore needs a ConfigMap key');
    return;
  }
  if (name.includes('{{') || key.includes('{{')) return;
  const configMap = run.context.configMaps.find((c) => c?.metadata?.name === name);
  if (!configMap) {
    report(
      run,
      'missing-configmap',
      `${path}.configMapKeyRef.name`,
      `ConfigMap "${name}" (the semaphore's limit) was not given`,
    );
    return;
  }
  const value = configMap.data?.[key];
  if (value === undefined) {
    report(
      run,
      'missing-configmap-key',
      `${path}.configMapKeyRef.key`,
      `ConfigMap "${name}" has no key "${key}"`,
    );
    return;
  }
  const limit = Number(String(value).trim());
  if (!Number.isInteger(limit) || limit < 1) {
    report(
      run,
      'invalid-semaphore-limit',
      `${path}.configMapKeyRef.key`,
      `ConfigMap "${name}" key "${key}" is "${value}", not a positive integer`,
    );
  }
}
