/** Which URLs may be fetched at all: http(s) only, parseable, without credentials. */
import { InputError } from '../errors.js';

const SCHEMES = new Set(['http:', 'https:']);

/** Shortens user-supplied text for an error message. */
export function quoteForMessage(text: string, max = 200): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * Parses (and resolves against `base`, for redirects) a URL to fetch. WHATWG parsing also
 * normalises numeric hosts (`http://2130706433/`, `http://0x7f.1/` → `127.0.0.1`), so the address
 * check later sees the real address.
 */
export function parseFetchUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text.trim(), base);
  } catch {
    throw new InputError('input/url-invalid', `Not a valid URL: ${quoteForMessage(text)}.`);
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new InputError(
      'input/url-scheme',
      `Only http and https URLs can be fetched, not ${url.protocol.replace(/:$/, '')} (${quoteForMessage(text)}).`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      'input/url-credentials',
      `URLs with a user name or password cannot be fetched (${url.hostname}).`,
    );
  }
  if (!url.hostname)
    throw new InputError('input/url-invalid', `The URL has no host: ${quoteForMessage(text)}.`);
  return url;
}
