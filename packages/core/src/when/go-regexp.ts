import type { WhenPattern } from './value.js';

/**
 * Compiles a Go (RE2) regular expression as a JavaScript RegExp. The common syntax is shared; this
 * translates what differs: leading flag groups `(?i)`, named groups `(?P<n>…)`, `\A`, `\z`, `\Q…\E`,
 * POSIX classes `[[:alpha:]]` and `\pL`. Constructs RE2 rejects (look-around, back-references) are
 * rejected here too, so a pattern Argo refuses is refused by weft.
 * Returns the pattern, or an error message.
 */
export function compileGoRegexp(source: string): WhenPattern | string {
  if (/\(\?<?[=!]/.test(source))
    return `invalid regular expression '${source}': look-around is not supported`;
  const { body, flags } = splitLeadingFlags(source);
  if (flags === undefined) return `invalid regular expression '${source}': unsupported flag group`;
  const translated = translate(body);
  if (translated === undefined) {
    return `invalid regular expression '${source}': back-references are not supported`;
  }
  const unicode = /\\[pP]/.test(translated) ? 'u' : '';
  try {
    return { kind: 'pattern', source, regex: new RegExp(translated, flags + unicode) };
  } catch (error) {
    return `invalid regular expression '${source}': ${(error as Error).message}`;
  }
}

function splitLeadingFlags(source: string): { body: string; flags: string | undefined } {
  const m = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (!m) return { body: source, flags: '' };
  const letters = m[1];
  if (!/^[ims]+$/.test(letters)) return { body: source, flags: undefined };
  return { body: source.slice(m[0].length), flags: [...new Set(letters)].join('') };
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Rewrites Go-only syntax; undefined when the pattern uses a back-reference. */
function translate(body: string): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      if (/[1-9]/.test(next)) return undefined;
      if (next === 'Q') {
        const end = body.indexOf('\\E', i + 2);
        const literal = body.slice(i + 2, end === -1 ? body.length : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? body.length : end + 1;
        continue;
      }
      if ((next === 'p' || next === 'P') && /^[A-Za-z]$/.test(body[i + 2] ?? '')) {
        out += `\\${next}{${body[i + 2]}}`;
        i += 2;
        continue;
      }
      out += translateEscape(next, inClass);
      i++;
      continue;
    }
    if (inClass && ch === '[' && body[i + 1] === ':') {
      const end = body.indexOf(':]', i + 2);
      const name = end === -1 ? '' : body.slice(i + 2, end);
      if (POSIX_CLASSES[name] !== undefined) {
        out += POSIX_CLASSES[name];
        i = end + 1;
        continue;
      }
    }
    if (!inClass && ch === '(' && body.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out;
}

function translateEscape(next: string, inClass: boolean): string {
  if (!inClass && next === 'A') return '^';
  if (!inClass && next === 'z') return '$(?![\\s\\S])';
  return `\\${next}`;
}
