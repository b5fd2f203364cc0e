import { execFile } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `podman args…` to its end (never throws for a non-zero exit: the caller reads `code`). */
export function runPodman(
  binary: string,
  args: readonly string[],
  options: { readonly timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      binary,
      [...args],
      { timeout: options.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const message = error && typeof error.code !== 'number' ? `${stderr}${error.message}` : stderr;
        resolve({ code, stdout, stderr: message });
      },
    );
  });
}

/** podman's own error text: its `Error: …` lines, else the whole stderr, trimmed. */
export function podmanError(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.startsWith('Error: '));
  const text = lines.length > 0 ? lines.map((line) => line.slice('Error: '.length)).join('; ') : stderr;
  return text.trim();
}
