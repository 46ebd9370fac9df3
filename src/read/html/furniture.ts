/**
 * Page furniture: navigation, advertising, share buttons, comment links, newsletter boxes, related-article
 * teasers, logos, icons and author photos. Recognised by general signs (tags, ARIA roles, class and id
 * words, image sizes and addresses, short boilerplate lines), never by site.
 */
import { hintTokens, tagOf } from './dom.js';

/** Class/id words of elements whose content is never part of the article text. */
// biome-ignore format: a word list reads better packed
const BLOCK_WORDS = new Set([
  'share', 'sharing', 'sharebar', 'sharetools', 'social', 'socials', 'advert', 'adverts', 'advertisement',
  'advertising', 'ad', 'ads', 'adslot', 'adunit', 'adsense', 'dfp', 'sponsor', 'sponsored', 'promo', 'promos',
  'newsletter', 'newsletters', 'subscribe', 'subscription', 'signup', 'related', 'recommended',
  'recommendations', 'comments', 'comment', 'nav', 'navbar', 'navigation', 'menu', 'breadcrumb', 'breadcrumbs',
  'toolbar', 'outbrain', 'taboola', 'popup', 'modal', 'cookie', 'cookies', 'paywall', 'trending', 'popular',
  'mostread', 'offscreen', 'hidden',
]);
/** Responsive-framework classes ("hidden-xs") hide content on some screens only: not furniture. */
// biome-ignore format: a word list reads better packed
const SCREEN_SIZES = new Set([
  'xs', 'sm', 'md', 'lg', 'xl', 'xxl', 'mobile', 'tablet', 'desktop', 'small', 'medium', 'large', 'print',
  'phone',
]);

function furnitureWord(tokens: string[], words: Set<string>): boolean {
  return tokens.some((t, i) => words.has(t) && !(t === 'hidden' && SCREEN_SIZES.has(tokens[i + 1] ?? '')));
}
/** Multi-word class names, matched as consecutive words ("most-read", "read-more", "off-screen"). */
const BLOCK_PHRASES = [
  ['most', 'read'],
  ['most', 'popular'],
  ['read', 'more'],
  ['off', 'screen'],
  ['see', 'also'],
  ['more', 'stories'],
];

/** Class/id words on or around an image that mark it as furniture rather than an article picture. */
// biome-ignore format: a word list reads better packed
const IMAGE_WORDS = new Set([
  'logo', 'logos', 'icon', 'icons', 'avatar', 'avatars', 'sprite', 'sprites', 'pixel', 'spacer', 'emoji',
  'emoticon', 'badge', 'share', 'sharing', 'social', 'button', 'btn', 'ad', 'ads', 'advert', 'advertisement',
  'adslot', 'sponsor', 'sponsored', 'headshot', 'mugshot', 'gravatar', 'author', 'byline', 'profile',
  'tracking', 'tracker', 'beacon',
]);
/** Words of ancestors that hold teasers and other furniture around, but outside, the article's pictures. */
// biome-ignore format: a word list reads better packed
const REGION_WORDS = new Set([
  ...BLOCK_WORDS,
  'teaser', 'teasers', 'thumb', 'thumbnail', 'thumbnails', 'sidebar', 'rail', 'widget', 'masthead', 'footer',
  'author', 'byline', 'bio', 'headshot', 'avatar', 'profile', 'more', 'card', 'cards', 'feed',
]);
/** URL path words of furniture images. */
// biome-ignore format: a word list reads better packed
const IMAGE_PATH_WORDS = new Set([
  'logo', 'logos', 'icon', 'icons', 'sprite', 'sprites', 'pixel', 'spacer', 'avatar', 'avatars', 'badge',
  'badges', 'emoji', 'gravatar', 'beacon', '1x1', 'author', 'authors', 'headshot', 'headshots', 'byline', 'ads',
  'adserver',
]);
/** Hosts of advertising and analytics services (their images are ads or tracking pixels). */
const TRACKER_HOST =
  /(?:^|\.)(?:doubleclick\.net|googlesyndication\.com|google-analytics\.com|googletagmanager\.com|adnxs\.com|criteo\.com|criteo\.net|outbrain\.com|outbrainimg\.com|taboola\.com|scorecardresearch\.com|quantserve\.com|2o7\.net|omtrdc\.net|xiti\.com|smartadserver\.com|amazon-adsystem\.com|rubiconproject\.com|pubmatic\.com|moatads\.com|chartbeat\.net|facebook\.com|mc\.yandex\.ru|adform\.net|yieldmo\.com|openx\.net|casalemedia\.com)$/i;

/**
 * Marks page furniture by tag and role before Readability runs: Readability renames the element it
 * picks as the article to `<div>` (a page of navigation can be "the article"), but keeps attributes.
 */
export const FURNITURE_ATTR = 'data-readout-furniture';

/** Marks `el` when it is furniture by tag or ARIA role. */
export function markFurniture(el: Element): void {
  const tag = tagOf(el);
  const role = el.getAttribute('role')?.toLowerCase();
  if (FURNITURE_TAGS.has(tag) || (role && FURNITURE_ROLES.has(role))) {
    // Footers of quotes and figures are attributions; some sites wrap the whole page in a form.
    if (tag === 'form' || (tag === 'footer' && el.parentElement?.closest('blockquote, figure'))) return;
    el.setAttribute(FURNITURE_ATTR, '');
  }
}

/** Tags whose content is page furniture wherever it appears. */
export const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'form', 'button', 'menu', 'dialog']);
// biome-ignore format: a word list reads better packed
const FURNITURE_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'toolbar', 'dialog',
]);

function hasPhrase(tokens: string[]): boolean {
  return BLOCK_PHRASES.some(([a, b]) => tokens.some((t, i) => t === a && tokens[i + 1] === b));
}

/** True for an element of the article body that is furniture by its tag, role or class/id words. */
export function isFurnitureElement(el: Element): boolean {
  if (FURNITURE_TAGS.has(tagOf(el))) return true;
  const role = el.getAttribute('role');
  if (role && FURNITURE_ROLES.has(role.toLowerCase())) return true;
  const tokens = hintTokens(el);
  return furnitureWord(tokens, BLOCK_WORDS) || hasPhrase(tokens);
}

/** True when an image's own class/id words, or those of its close wrappers, name it as furniture. */
export function hasImageFurnitureWords(el: Element): boolean {
  return hintTokens(el).some((t) => IMAGE_WORDS.has(t));
}

/** True for an ancestor that holds teasers, sidebars, bylines and other furniture. */
export function isFurnitureRegion(el: Element): boolean {
  const tag = tagOf(el);
  if (FURNITURE_TAGS.has(tag)) return true;
  const role = el.getAttribute('role');
  if (role && FURNITURE_ROLES.has(role.toLowerCase())) return true;
  const tokens = hintTokens(el);
  return furnitureWord(tokens, REGION_WORDS) || hasPhrase(tokens);
}

/** True for an image address that is a tracker, an ad, or a logo/icon/avatar by its path. */
export function isFurnitureImageUrl(src: string): boolean {
  if (src.startsWith('data:')) return false;
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return false;
  }
  if (TRACKER_HOST.test(url.hostname)) return true;
  return url.pathname
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((w) => IMAGE_PATH_WORDS.has(w));
}

/**
 * Short lines that are page furniture in any article ("Advertisement", "Share this article",
 * "Sign up for our newsletter", "Skip to content", "View comments", "Read more"), in several languages.
 */
const FURNITURE_LINE =
  /^(?:advertisement|advertising|advert|anzeige|werbung|publicité|publicidad|pubblicità|реклама|sponsored(?: content)?|paid content|share(?: this)?(?: (?:article|story|page|post))?(?: on \w+)?|share on \w+|partager(?: cet article)?|teilen|поделиться|compartir|condividi|sign up(?: for| to)?\b.*|subscribe(?: now| today| to)?\b.*|abonnez-vous.*|jetzt abonnieren.*|skip to\b.*|aller au contenu.*|zum inhalt springen|(?:view|show|read|post|add|leave)(?: all)? (?:a )?comments?.*|\d+ comments?|comments?(?: \(\d+\))?|kommentare|commentaires|read more|continue reading|lire la suite|weiterlesen|читать далее|follow us\b.*|related(?: articles| stories| content| coverage)?|most (?:read|popular|viewed)|recommended(?: for you)?|you may also like|more (?:stories|from \w+)|click here\b.*|(?:print|email)(?: this)?(?: article| story| page)?|image|photo|media caption|image caption|image copyright|video)[\s.:!…]*$/i;

/** True for a short block text that is page furniture rather than article text. */
export function isFurnitureLine(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 90 && FURNITURE_LINE.test(t);
}
