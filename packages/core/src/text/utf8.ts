/** UTF-8 without TextEncoder/TextDecoder (core is built with no DOM or Node libs). */

/** UTF-8 bytes of a string (core has no TextEncoder in its lib). */
export function utf8Encode(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
    }
  }
  return bytes;
}

/** Decodes UTF-8 bytes, replacing invalid sequences with U+FFFD as Go does when printing. */
export function utf8Decode(bytes: readonly number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    const tail = bytes.slice(i + 1, i + length);
    if (length === 0 || tail.length !== length - 1 || tail.some((t) => t >> 6 !== 2)) {
      out += '\uFFFD';
      i++;
      continue;
    }
    let code = length === 1 ? b : b & (0xff >> (length + 1));
    for (const t of tail) code = (code << 6) | (t & 63);
    out += String.fromCodePoint(code);
    i += length;
  }
  return out;
}
