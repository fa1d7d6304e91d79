/**
 * 知识库检索的切词 — how the knowledge base cuts text into the words it finds, the same for an
 * article and for what is searched. No store has a Chinese word splitter by default (no
 * zhparser; PostgreSQL's own parser keeps a run of Chinese whole: 光猫LOS灯红 is one "word"), so
 * the words are made here and stored as they are: a run of Chinese (or Japanese, Korean)
 * characters gives its overlapping pairs of characters (宽带故障 → 宽带 带故 故障) and each
 * character alone, so a query of any two or more characters of the run finds it by its pairs and
 * a query of one character by the character; a run of letters and digits gives one lower-cased
 * word (5G → 5g, LOS → los). Everything else (spaces, punctuation, symbols) only separates.
 */

// Runs of CJK characters, or of letters/digits/marks that are not CJK; the rest separates.
const runs = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|((?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}\p{M}])+)/gu;

/** A stored word is at most this long: a longer run of letters is no word anyone searches for (a hash, a URL's tail). */
export const longestWord = 60;

/** Full-width letters and digits as their plain forms (ＬＯＳ → los, ５Ｇ → 5g), lower case. */
const normal = (text: string) => text.normalize('NFKC').toLowerCase();

/** The runs of a text: CJK ones and letter-or-digit ones, in order. */
function textRuns(text: string): { run: string; isCjk: boolean }[] {
  return [...normal(text).matchAll(runs)].map((m) => ({ run: m[0], isCjk: Boolean(m[1]) }));
}

/** The words an article's text is found by, in order: each CJK pair and character, each Latin or digit word. */
export function documentWords(text: string): string[] {
  const words: string[] = [];
  for (const { run, isCjk } of textRuns(text)) {
    if (!isCjk) {
      if (run.length <= longestWord) words.push(run);
      continue;
    }
    const chars = [...run];
    chars.forEach((char, i) => {
      words.push(char);
      if (i + 1 < chars.length) words.push(char + chars[i + 1]);
    });
  }
  return words;
}

/**
 * What a query asks for: a CJK run of one character is that character, a longer one its pairs;
 * a Latin or digit word is itself. Each once, in order. Empty when the query has nothing to
 * search for (only punctuation or symbols).
 */
export function queryWords(query: string): string[] {
  const words: string[] = [];
  for (const { run, isCjk } of textRuns(query)) {
    if (!isCjk) {
      words.push(run.slice(0, longestWord));
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) words.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) words.push(chars[i] + chars[i + 1]);
  }
  return [...new Set(words)];
}

/** True when a query holds a letter, a digit or a CJK character: something to search for. */
export const hasSearchWords = (query: string) => queryWords(query).length > 0;

/**
 * The pieces of a query to highlight in a title or snippet: its runs as typed (a CJK run whole,
 * a Latin word whole), longest first so that a longer one is marked before a piece of it.
 */
export function highlightTerms(query: string): string[] {
  return [...new Set(textRuns(query).map((r) => r.run))].sort((a, b) => b.length - a.length);
}
