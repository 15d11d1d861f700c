// One filter for every piece of text the build writes into XML (the PDF's XMP
// packet, the Atom feed, sanitized SVG). XML 1.0 cannot hold most control
// characters at all, not even escaped: a title with \x07 or NUL would make the
// whole document ill-formed. They are removed, then the markup is escaped.

/** Whether XML 1.0 allows the code point: tab, LF, CR, and everything from space on but U+FFFE/U+FFFF and lone surrogates. */
function allowedInXml(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  if (code >= 0xd800 && code <= 0xdfff) return false; // a lone surrogate (pairs arrive as one code point)
  return code !== 0xfffe && code !== 0xffff;
}

/** Removes the characters XML 1.0 cannot carry. */
export function xmlSafe(text: string): string {
  let out = '';
  for (const char of text) if (allowedInXml(char.codePointAt(0) ?? 0)) out += char;
  return out;
}

/** Text content: `&`, `<`, `>` escaped. */
export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value between double quotes. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
