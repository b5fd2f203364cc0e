import { fail } from './errors.js';

const cache = new Map<string, RegExp>();

/**
 * Compiles a Go (RE2) regular expression to a JavaScript RegExp: leading flag groups such as `(?i)`
 * become flags, `(?P<name>` becomes `(?<name>`, `\A` and `\z` become anchors.
 */
export function compileGoRegex(pattern: string, global = false): RegExp {
  const key = `${global ? 'g' : ''}:${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let body = pattern;
  let flags = global ? 'g' : '';
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    body = body.slice(leading[0].length);
    for (const f of leading[1]) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])');
  try {
    const regex = new RegExp(body, flags);
    if (cache.size > 500) cache.clear();
    cache.set(key, regex);
    return regex;
  } catch (error) {
    return fail(`error parsing regexp ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

/** Go's `Regexp.ReplaceAllString`: `$1`, `${1}` and `${name}` refer to groups. */
export function replaceAllGo(pattern: string, input: string, replacement: string): string {
  const js = replacement.replace(
    /\$\{(\w+)\}|\$(\d+)|\$([A-Za-z_]\w*)|\$\$/g,
    (_whole, braced, digits, named) => {
      const ref = braced ?? digits ?? named;
      if (ref === undefined) return '$$';
      return /^\d+$/.test(ref) ? `$${ref}` : `$<${ref}>`;
    },
  );
  return input.replace(compileGoRegex(pattern, true), js);
}
