/*
 * Chinese queries in Sphinx search.
 *
 * Sphinx splits a query only at spaces and punctuation, so an unspaced Chinese query
 * such as 申请书模板 is one term that no page contains (sphinx-doc/sphinx#7406).
 * This splitQuery, which searchtools.js uses instead of its own, cuts each run of
 * Chinese characters into the fewest words of the search index itself (the words
 * jieba produced at build time), so the query finds the pages with all of them.
 */
"use strict";

var splitQuery = (query) => {
  const chunks = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((t) => t);
  const index = typeof Search !== "undefined" ? Search._index : null;
  if (!index) return chunks;
  const known = (word) =>
    Object.prototype.hasOwnProperty.call(index.terms, word) ||
    Object.prototype.hasOwnProperty.call(index.titleterms, word);
  const han = /\p{Script=Han}/u;
  const words = [];
  for (const chunk of chunks) {
    if (!han.test(chunk) || known(chunk)) {
      words.push(chunk);
      continue;
    }
    // best[i] = [unknown characters, words] for the first i characters.
    const chars = Array.from(chunk);
    const best = [[0, 0, []]];
    for (let end = 1; end <= chars.length; end++) {
      let choice = null;
      for (let start = Math.max(0, end - 12); start < end; start++) {
        const word = chars.slice(start, end).join("");
        const [unknown, count, parts] = best[start];
        const isKnown = known(word);
        if (!isKnown && end - start > 1) continue; // unknown text goes char by char
        const candidate = [unknown + (isKnown ? 0 : 1), count + 1, parts.concat([word])];
        if (!choice || candidate[0] < choice[0] || (candidate[0] === choice[0] && candidate[1] < choice[1])) {
          choice = candidate;
        }
      }
      best.push(choice);
    }
    words.push(...best[chars.length][2]);
  }
  return words;
};
