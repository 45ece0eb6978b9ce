// Where a keyword stands in a comment, as plain parts (the page renders them as text in
// <mark>, never as HTML). Pure.
import { normalizeText } from "./dictionary";

export interface TextPart {
  text: string;
  hit: boolean;
}

/**
 * Splits `text` at every occurrence of any of `needles` (longest first, case- and width-
 * insensitive as the lexicon is). The parts join back to `text` exactly.
 */
export function highlightParts(text: string, needles: readonly string[]): TextPart[] {
  const words = [...new Set(needles.map((n) => normalizeText(n)).filter(Boolean))].sort((a, b) => b.length - a.length);
  // NFKC may change lengths (ＡＰＰ stays 3, but some ligatures do not); match per character
  // only when normalising keeps the length, else show the text unmarked.
  const folded = normalizeText(text);
  if (words.length === 0 || folded.length !== text.length) return [{ text, hit: false }];
  const parts: TextPart[] = [];
  let plain = 0;
  let i = 0;
  while (i < folded.length) {
    const word = words.find((w) => folded.startsWith(w, i));
    if (!word) {
      i++;
      continue;
    }
    if (i > plain) parts.push({ text: text.slice(plain, i), hit: false });
    parts.push({ text: text.slice(i, i + word.length), hit: true });
    i += word.length;
    plain = i;
  }
  if (plain < text.length) parts.push({ text: text.slice(plain), hit: false });
  return parts;
}
