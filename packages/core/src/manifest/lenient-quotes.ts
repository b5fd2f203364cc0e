/**
 * libyaml, and so Argo, accepts a multi-line quoted scalar in a flow sequence whose last line is
 * indented no deeper than its key, as several of Argo's examples write:
 *
 * ```yaml
 *       args: ["
 *         echo hello
 *       "]
 * ```
 *
 * The `yaml` package rejects the closing line as under-indented. Indenting a continuation line of a
 * quoted scalar changes no value (line folding drops leading spaces), so this adds spaces to such
 * lines until the text parses. It returns the repaired text only when the whole file then parses
 * without errors; otherwise undefined (the caller reports the original errors).
 */

export interface ParseProblem {
  readonly code: string;
  readonly message: string;
  /** 1-based line where the problem starts. */
  readonly line: number;
}

const MAX_REPAIRS = 50;
const MAX_EXTRA_INDENT = 8;

function firstUnclosedQuote(problems: readonly ParseProblem[]): ParseProblem | undefined {
  return problems.find((p) => p.code === 'MISSING_CHAR' && /quote/.test(p.message));
}

export function reindentQuotedScalars(
  text: string,
  parse: (text: string) => readonly ParseProblem[],
): string | undefined {
  let lines = text.split('\n');
  for (let repair = 0; repair < MAX_REPAIRS; repair++) {
    const problems = parse(lines.join('\n'));
    const unclosed = firstUnclosedQuote(problems);
    if (unclosed === undefined) return problems.length === 0 && repair > 0 ? lines.join('\n') : undefined;
    const repaired = indentFollowingLine(lines, unclosed.line, parse);
    if (repaired === undefined) return undefined;
    lines = repaired;
  }
  return undefined;
}

/** Indents the line after `line` by the fewest spaces that move the unclosed-quote problem past it. */
function indentFollowingLine(
  lines: readonly string[],
  line: number,
  parse: (text: string) => readonly ParseProblem[],
): string[] | undefined {
  if (line >= lines.length) return undefined;
  for (let extra = 1; extra <= MAX_EXTRA_INDENT; extra++) {
    const candidate = [...lines];
    candidate[line] = ' '.repeat(extra) + candidate[line];
    const next = firstUnclosedQuote(parse(candidate.join('\n')));
    if (next === undefined || next.line > line) return candidate;
  }
  return undefined;
}
