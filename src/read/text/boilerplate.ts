/**
 * Page chrome that text dumps of web pages carry: skip links, share buttons, advertising labels,
 * newsletter prompts, cookie notices. Matched against WHOLE lines only (after lower-casing and
 * stripping arrows, bullets and trailing punctuation), so the same words inside a sentence are kept.
 * Hand-written: no maintained library classifies plain-text page chrome (Readability works on the DOM).
 */

const PHRASES: readonly string[] = [
  // navigation and accessibility links
  'skip to main content',
  'skip to content',
  'skip to navigation',
  'skip to search',
  'skip to footer',
  'skip navigation',
  'jump to content',
  'jump to navigation',
  'main menu',
  'menu',
  'open menu',
  'close menu',
  'toggle navigation',
  'navigation',
  'search',
  'close',
  'home',
  'back to top',
  'go to top',
  'top',
  // advertising
  'advertisement',
  'advertising',
  'advertisement - scroll to continue',
  'scroll to continue with content',
  'ad',
  'ads',
  'sponsored',
  'sponsored content',
  'supported by',
  'sponsored by',
  'presented by',
  'in partnership with',
  'paid content',
  'story continues below advertisement',
  'article continues below',
  'article continues below advertisement',
  'continue reading below',
  'continue reading the main story',
  // sharing and reactions
  'share',
  'share this',
  'share this article',
  'share this story',
  'share this page',
  'share article',
  'share story',
  'tweet',
  'email',
  'e-mail',
  'print',
  'copy link',
  'copy link to clipboard',
  'link copied',
  'save',
  'save article',
  'facebook',
  'twitter',
  'x',
  'instagram',
  'telegram',
  'whatsapp',
  'linkedin',
  'reddit',
  'youtube',
  'vk',
  'comments',
  'show comments',
  'view comments',
  'leave a comment',
  'listen',
  'print article',
  'print this article',
  'print this page',
  'more options',
  'share options',
  'resize text',
  'text size',
  'font size',
  'image',
  'photo',
  'loading',
  'open in the app',
  'go to home page',
  'site index',
  'sections',
  'listen to this article',
  'gift this article',
  // subscriptions and accounts
  'subscribe',
  'subscribe now',
  'subscribe to our newsletter',
  'sign up',
  'sign up for our newsletter',
  'newsletter',
  'sign in',
  'log in',
  'login',
  'log out',
  'register',
  'username',
  'password',
  'forgot your password',
  'remember me',
  'my account',
  'support us',
  'donate',
  'become a member',
  'follow us',
  // onward links
  'read more',
  'read next',
  'read also',
  'see also',
  'continue reading',
  'show more',
  'load more',
  'more',
  'related',
  'related articles',
  'related stories',
  'related content',
  'more on this story',
  'more stories',
  'most read',
  'most popular',
  'most viewed',
  'most shared',
  'most watched',
  'trending',
  'top stories',
  // cookie banners (short forms; longer notices are matched by COOKIE below)
  'accept',
  'accept all',
  'accept cookies',
  'accept all cookies',
  'reject all',
  'manage cookies',
  'cookie settings',
  'cookie policy',
  'privacy policy',
  'terms of use',
  'terms of service',
  // Russian
  'перейти к содержанию',
  'перейти к основному содержанию',
  'перейти к основному контенту',
  'реклама',
  'поделиться',
  'подписаться',
  'подпишитесь',
  'читать далее',
  'читать дальше',
  'читать еще',
  'читать ещё',
  'читайте также',
  'еще по теме',
  'ещё по теме',
  'комментарии',
  'войти',
  'меню',
  'поиск',
  'наверх',
  // German, French, Spanish (the most common labels)
  'zum inhalt springen',
  'werbung',
  'anzeige',
  'teilen',
  'aller au contenu',
  'publicité',
  'partager',
  'lire aussi',
  'lire la suite',
  "s'abonner",
  'abonnez-vous',
  'saltar al contenido',
  'publicidad',
  'compartir',
];

import { SEPARATOR_LINE } from './lines.js';

const PHRASE_SET = new Set(PHRASES);

/** Whole-line patterns for chrome whose wording varies. */
const PATTERNS: readonly RegExp[] = [
  /^share (?:this )?(?:article |story )?(?:on|via|to) [\p{L} .+]{1,20}$/u,
  /^follow us on [\p{L} .]{1,20}$/u,
  /^(?:©|\(c\)|copyright)\s*(?:\d{4}(?:[-–]\d{4})?)?.*\ball rights reserved\b.*$/u,
  /^all rights reserved$/u,
  /^\d+ comments?$/u,
  /^(?:read|listen)(?:ing)? time:? \d+ ?min(?:utes?)?$/u,
  /^\d+ ?min(?:ute)? read$/u,
];

/** A cookie notice: mentions cookies together with consent or use wording (any length up to a short paragraph). */
const COOKIE = /\bcookies?\b|куки/u;
const COOKIE_CONTEXT =
  /\b(?:we use|uses|using|use of|accept|consent|agree|preferences|settings|policy|continu|brows|navigat|acceptez|utilis|akzeptier|zustimm|verwende|nutz)|использ|соглас|принима|продолжая/u;

/** Lower-cased, spaces collapsed, leading bullets and trailing arrows or punctuation removed. */
export function chromeKey(line: string): string {
  const lower = line.toLowerCase();
  return (/\s\s|[^\S ]/.test(lower) ? lower.replace(/\s+/g, ' ') : lower)
    .replace(/^[\s»›>→←<‹«•·|/\\\-–—:…]+/u, '')
    .replace(/[\s»›>→←<‹«•·|/\\\-–—:….!]+$/u, '')
    .trim();
}

/** True when the whole line is page chrome (navigation, sharing, advertising, newsletter, cookie notice). */
export function isBoilerplate(line: string): boolean {
  if (line.length > 400) return false; // longer than any phrase, pattern or cookie notice matched here
  if (SEPARATOR_LINE.test(line)) return false; // a section break, kept as a separator
  const key = chromeKey(line);
  if (!key) return true; // only punctuation or arrows
  if (PHRASE_SET.has(key)) return true;
  if (PATTERNS.some((p) => p.test(key))) return true;
  return key.length <= 400 && COOKIE.test(key) && COOKIE_CONTEXT.test(key);
}
