/**
 * Every page has a URL (deep links; the back button works):
 *
 *   /                                   catalog            ?q=search
 *   /templates/{ns}/{name}              template page      ?tab=history|grid|trend|yaml
 *   /cluster-templates/{name}           cluster template page
 *   /templates/{ns}/{name}/run          run-with-parameters form   ?from={workflow} pre-fills a past run's values
 *   /runs                               all runs           ?ns=&phase=&template=&label=&since=&q=
 *   /runs/{ns}/{name}                   run page           ?node={id}&tab=details|logs|nodes|timeline
 */
import type { TemplateRef } from '../api/endpoints';

export type Route =
  | { readonly page: 'catalog' }
  | { readonly page: 'template'; readonly ref: TemplateRef }
  | { readonly page: 'run-form'; readonly ref: TemplateRef }
  | { readonly page: 'runs' }
  | { readonly page: 'run'; readonly namespace: string; readonly name: string }
  | { readonly page: 'not-found' };

const e = encodeURIComponent;

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (parts.length === 0) return { page: 'catalog' };
  if (first === 'templates' && second && third) {
    const ref = { namespace: second, name: third };
    if (parts.length === 3) return { page: 'template', ref };
    if (parts.length === 4 && fourth === 'run') return { page: 'run-form', ref };
  }
  if (first === 'cluster-templates' && second) {
    const ref = { name: second };
    if (parts.length === 2) return { page: 'template', ref };
    if (parts.length === 3 && third === 'run') return { page: 'run-form', ref };
  }
  if (first === 'runs' && parts.length === 1) return { page: 'runs' };
  if (first === 'runs' && second && third && parts.length === 3)
    return { page: 'run', namespace: second, name: third };
  return { page: 'not-found' };
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const hrefs = {
  catalog: () => '/',
  template: (ref: TemplateRef) =>
    ref.namespace === undefined
      ? `/cluster-templates/${e(ref.name)}`
      : `/templates/${e(ref.namespace)}/${e(ref.name)}`,
  runForm: (ref: TemplateRef, from?: { namespace: string; name: string }) =>
    `${hrefs.template(ref)}/run${from ? query({ from: from.name, fromNs: from.namespace }) : ''}`,
  runs: (filters: Record<string, string | undefined> = {}) => `/runs${query(filters)}`,
  run: (namespace: string, name: string, params: Record<string, string | undefined> = {}) =>
    `/runs/${e(namespace)}/${e(name)}${query(params)}`,
};
