/**
 * Shapes of page chrome in a full-page text dump that no phrase list can enumerate: menu items (short
 * lines without sentence punctuation), Title-Case link lists, and the labels that open an onward-reading
 * block after an article ("Most viewed", "Related", "More from …"). Hand-written: plain text has no
 * markup (nav, aside, footer) for a library such as Readability to read.
 */
import { chromeKey } from './boilerplate.js';
import { words } from './lines.js';

/** Sentence-final punctuation, optionally followed by closing quotes or brackets. */
export const SENTENCE_END = /[.!?…]["'”’»)\]]*$/u;

/** A menu item: at most four words and 40 characters, no sentence punctuation at the end. */
export function isMenuLike(text: string): boolean {
  const n = words(text).length;
  return n > 0 && n <= 4 && text.length <= 40 && !SENTENCE_END.test(text) && !/[,;:]$/.test(text);
}

/** Most words of four letters or more start with a capital ("Remembering Pittsburgh's Most Mesmerizing Sign"). */
export function isTitleCase(text: string): boolean {
  const long = words(text).filter((w) => /^["'“‘«(]?\p{L}{4}/u.test(w));
  if (long.length < 2) return false;
  const capitalised = long.filter((w) => /^["'“‘«(]?\p{Lu}/u.test(w)).length;
  return capitalised / long.length >= 0.7;
}

/** Whole-line labels of onward-reading blocks, after chromeKey normalisation. */
const ONWARD: readonly string[] = [
  'related',
  'related articles',
  'related stories',
  'related content',
  'related coverage',
  'related links',
  'related topics',
  'more on this story',
  'more on this topic',
  'more stories',
  'more news',
  'more articles',
  'more to read',
  'more to explore',
  'most read',
  'most popular',
  'most viewed',
  'most watched',
  'most shared',
  'most commented',
  'most emailed',
  'popular now',
  'popular stories',
  'trending',
  'trending now',
  'top stories',
  'latest news',
  'latest stories',
  'recommended',
  'recommended for you',
  'recommended stories',
  'you may also like',
  'you might also like',
  'you may have missed',
  'read next',
  'up next',
  "what's next",
  'what to read next',
  'further reading',
  'elsewhere',
  'around the web',
  'from around the web',
  'promoted stories',
  'sponsored stories',
  'comments',
  'show comments',
  'view comments',
  'read comments',
  'leave a comment',
  'join the conversation',
  'join the discussion',
  'leave a reply',
  'comments are closed',
  'about the author',
  'about the authors',
  // Russian, German, French, Spanish
  'читайте также',
  'еще по теме',
  'ещё по теме',
  'самое читаемое',
  'самое популярное',
  'популярное',
  'мы рекомендуем',
  'комментарии',
  'kommentare',
  'commentaires',
  'meistgelesen',
  'meistkommentiert',
  'mehr zum thema',
  'das könnte sie auch interessieren',
  'weitere artikel',
  'sur le même sujet',
  'les plus lus',
  'à lire aussi',
  'lire aussi',
  'dans la même rubrique',
  'lo más leído',
  'te puede interesar',
];
const ONWARD_SET = new Set(ONWARD);

/** Labels that vary: "More from Business", "Most read in Europe", "Other opinion columns", "Also on Example News". */
const ONWARD_PATTERNS: readonly RegExp[] = [
  /^(?:more|latest|other|also) (?:from|on|in|by|about) [\p{L}\p{N}&' .-]{1,40}$/u,
  /^most (?:read|viewed|popular|watched|shared|commented)\b[\p{L}\p{N}&' .-]{0,40}$/u,
  /^(?:other|more) [\p{L}&' -]{1,30} (?:columns|stories|articles|news|videos|posts)$/u,
  /^(?:related|recommended|popular|trending) [\p{L}&' -]{1,30}$/u,
  /^\d+ (?:comments?|responses?|replies|kommentare|commentaires|комментари\p{L}*)$/u,
  /^(?:auch auf|mehr aus|mehr von|plus de|autres articles) [\p{L}\p{N}&' .-]{1,40}$/u,
];

/** A whole line that opens an onward-reading block: "Most viewed", "Related stories", "More from Europe". */
export function isOnwardLabel(line: string): boolean {
  if (line.length > 80) return false;
  const key = chromeKey(line);
  if (!key || words(key).length > 7) return false;
  return ONWARD_SET.has(key) || ONWARD_PATTERNS.some((p) => p.test(key));
}

/** Labels after which the article does not go on: comments and the author box. */
const END_KEY =
  /^(?:\d+ )?(?:comments?|responses?|replies|reader comments|show comments|view comments|read comments|leave a (?:comment|reply)|comments are closed|join the (?:conversation|discussion)|about the authors?|kommentare|commentaires|комментари\p{L}*)$/u;

/** True for an onward label that ends the article for good ("12 Comments", "Leave a reply", "About the author"). */
export function isEndLabel(line: string): boolean {
  return line.length <= 60 && END_KEY.test(chromeKey(line));
}
