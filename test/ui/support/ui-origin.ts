/**
 * The origin the browser opens: the weft server itself, which serves the UI at `/`
 * (registerUi in packages/server/src/ui). Fails clearly when it does not, e.g. when the UI was
 * not built (`npm run build`) or is no longer wired into the server.
 */
export interface UiOrigin {
  readonly url: string;
  close(): Promise<void>;
}

export async function uiOriginFor(serverUrl: string): Promise<UiOrigin> {
  const response = await fetch(`${serverUrl}/`);
  const home = await response.text();
  if (!response.ok || !home.includes('id="root"'))
    throw new Error(
      `${serverUrl}/ does not serve the web UI (HTTP ${response.status}): ${home.slice(0, 200)}\n` +
        'Build it with `npm run build` (packages/ui/dist) and check that weft server calls registerUi.',
    );
  return { url: serverUrl, close: async () => {} };
}
