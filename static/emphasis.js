// Markdown emphasis in a paragraph's words ("*Being* Parties", "**Article 2**", "_Noting_"),
// found WITHOUT changing a character: the editor shows the words in italics or bold and the
// marks themselves faded (hidden while the paragraph is not being edited), so caret offsets
// stay offsets in the text. A mark opens before a non-space and closes after one, on the same
// text run; "2 * 3" or a lone "*" is plain text.

const EMPHASIS = /(\*\*|__)(?=\S)([^*_]*?\S)\1|(\*|_)(?=\S)([^*_]*?\S)\3/g;

/** Runs covering `text` in order: {start, end, style: null | "em" | "strong", mark: bool}. */
export function emphasisRuns(text) {
  const runs = [];
  let position = 0;
  for (const match of text.matchAll(EMPHASIS)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = start > 0 ? text[start - 1] : " ";
    const after = end < text.length ? text[end] : " ";
    if (/\w/.test(before) || /\w/.test(after)) continue; // in_word_emphasis is not markup
    const width = (match[1] || match[3]).length;
    const style = width === 2 ? "strong" : "em";
    if (start > position) runs.push({ start: position, end: start, style: null, mark: false });
    runs.push({ start, end: start + width, style, mark: true });
    runs.push({ start: start + width, end: end - width, style, mark: false });
    runs.push({ start: end - width, end, style, mark: true });
    position = end;
  }
  if (position < text.length) runs.push({ start: position, end: text.length, style: null,
                                          mark: false });
  return runs;
}
