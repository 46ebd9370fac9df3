/**
 * The url reader with a fake Fetcher (no network). The page readers are replaced by recorders, so
 * these tests check what the url reader hands over (decoded text, base URL, name) and to which reader,
 * independently of how each page reader works.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError, UnsupportedError } from '../../src/errors.js';
import type { FetchedResource, Fetcher, FetchOptions } from '../../src/net/fetcher.js';
import { createSafeFetcher } from '../../src/net/safe-fetch.js';
import type { Reader, ReaderInput } from '../../src/read/types.js';
import { readUrl, URL_ACCEPT } from '../../src/read/url.js';
import { testCtx } from '../helpers/ctx.js';

const { calls, recordingReader } = vi.hoisted(() => {
  const calls: { reader: string; input: ReaderInput }[] = [];
  /** A stand-in page reader: records its input and returns a minimal finalized Article. */
  const recordingReader =
    (name: string): Reader =>
    async (input) => {
      calls.push({ reader: name, input });
      const { finalizeArticle } = await import('../../src/read/finalize.js');
      // Test convention: a page containing CANONICAL=<url> yields an article with that URL.
      const canonical = /CANONICAL=(\S+?)</.exec(input.text)?.[1];
      return finalizeArticle({
        title: 'Recorded',
        authors: [],
        translators: [],
        blocks: [{ id: '', type: 'paragraph', children: [{ type: 'text', text: input.text }] }],
        ...(canonical ? { url: canonical } : {}),
      });
    };
  return { calls, recordingReader };
});

vi.mock('../../src/read/html.js', () => ({ readHtml: recordingReader('html') }));
vi.mock('../../src/read/markdown.js', () => ({ readMarkdown: recordingReader('markdown') }));
vi.mock('../../src/read/json.js', () => ({ readJson: recordingReader('json') }));
vi.mock('../../src/read/text.js', () => ({ readText: recordingReader('text') }));

/** windows-1251 bytes for Russian text (Cyrillic А..я are 0xC0..0xFF in that code page). */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from([...text], (ch) => {
    const code = ch.codePointAt(0)!;
    if (code >= 0x410 && code <= 0x44f) return 0xc0 + (code - 0x410);
    if (code < 0x80) return code;
    throw new Error(`cp1251 test helper cannot encode ${ch}`);
  });
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A fetcher that answers every URL with one response, recording what was asked. */
function fakeFetcher(response: Partial<FetchedResource> & { body: Uint8Array }) {
  const requests: { url: string; options: FetchOptions | undefined }[] = [];
  const fetcher: Fetcher = {
    async fetch(url, options) {
      requests.push({ url, options });
      return {
        url: response.url ?? url,
        status: 200,
        contentType: response.contentType,
        body: response.body,
      };
    },
  };
  return { fetcher, requests };
}

async function read(
  response: Partial<FetchedResource> & { body: Uint8Array },
  url = 'https://news.test/story',
) {
  const { fetcher, requests } = fakeFetcher(response);
  const article = await readUrl(
    { text: ` ${url}\n` },
    testCtx({ fetcher, config: { fetchMaxBytes: 123_456 } }),
  );
  return { article, requests, call: calls.at(-1) };
}

const RUSSIAN = 'Привет мир это новости дня';

beforeEach(() => {
  calls.length = 0;
});

describe('readUrl: fetching', () => {
  it('asks the fetcher for the trimmed URL with the article Accept header and the configured limits', async () => {
    const { requests } = await read({ contentType: 'text/plain', body: utf8('Some text of an article.') });
    expect(requests).toEqual([
      {
        url: 'https://news.test/story',
        options: { accept: URL_ACCEPT, maxBytes: 123_456, timeoutMs: testCtx().config.fetchTimeoutMs },
      },
    ]);
  });

  it('passes the final URL (after redirects) as base URL and the requested URL as name', async () => {
    const { article, call } = await read({
      url: 'https://www.news.test/2024/story.html',
      contentType: 'text/html',
      body: utf8('<p>Body text here.</p>'),
    });
    expect(call?.input.baseUrl).toBe('https://www.news.test/2024/story.html');
    expect(call?.input.name).toBe('https://news.test/story');
    expect(article.url).toBe('https://www.news.test/2024/story.html');
  });

  it('keeps a URL the page reader found itself (e.g. a canonical link)', async () => {
    const { article } = await read({
      contentType: 'text/html',
      body: utf8('<p>CANONICAL=https://news.test/canonical</p>'),
    });
    expect(article.url).toBe('https://news.test/canonical');
  });
});

describe('readUrl: dispatch by content type', () => {
  it.each([
    ['text/html; charset=utf-8', 'html'],
    ['application/xhtml+xml', 'html'],
    ['TEXT/HTML', 'html'],
    ['text/markdown; charset=UTF-8', 'markdown'],
    ['text/x-markdown', 'markdown'],
    ['application/json', 'json'],
    ['application/vnd.readout.article+json', 'json'],
    ['text/plain', 'text'],
  ])('%s goes to the %s reader', async (contentType, reader) => {
    const { call } = await read({ contentType, body: utf8('Plain words of an article body.') });
    expect(call?.reader).toBe(reader);
    expect(call?.input.text).toBe('Plain words of an article body.');
  });

  it('reads text/plain served from a .md path as Markdown', async () => {
    const { call } = await read(
      { contentType: 'text/plain; charset=utf-8', body: utf8('# Title\n\nBody.') },
      'https://raw.news.test/a/story.md',
    );
    expect(call?.reader).toBe('markdown');
  });

  it.each([
    ['image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])],
    ['application/pdf', utf8('%PDF-1.7')],
    ['video/mp4', new Uint8Array([0, 0, 0, 0x18])],
  ])('refuses %s without calling a reader', async (contentType, body) => {
    const error = await read({ contentType, body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as UnsupportedError).code).toBe('input/url-content-type');
    expect((error as UnsupportedError).message).toContain(contentType);
    expect(calls).toEqual([]);
  });

  it.each([
    [undefined, '<!doctype html><html><body><p>Hi there</p></body></html>', 'html'],
    ['application/octet-stream', '{"schemaVersion": 1}', 'json'],
    ['not a media type', 'Just some words of a story.', 'text'],
  ])('guesses from the content when the type is %j', async (contentType, body, reader) => {
    const { call } = await read({ contentType, body: utf8(body) });
    expect(call?.reader).toBe(reader);
  });
});

describe('readUrl: character sets', () => {
  it('decodes with the charset of the Content-Type header (windows-1251)', async () => {
    const { call } = await read({
      contentType: 'text/html; charset=windows-1251',
      body: cp1251(`<html><body><p>${RUSSIAN}</p></body></html>`),
    });
    expect(call?.input.text).toContain(RUSSIAN);
  });

  it('decodes with a <meta charset> when the header has none', async () => {
    const { call } = await read({
      contentType: 'text/html',
      body: cp1251(`<html><head><meta charset="windows-1251"></head><body><p>${RUSSIAN}</p></body></html>`),
    });
    expect(call?.input.text).toContain(RUSSIAN);
  });

  it('decodes with an http-equiv Content-Type meta', async () => {
    const { call } = await read({
      contentType: 'text/html',
      body: cp1251(
        `<html><head><meta http-equiv="Content-Type" content="text/html; charset=cp1251"></head><p>${RUSSIAN}</p>`,
      ),
    });
    expect(call?.input.text).toContain(RUSSIAN);
  });

  it('prefers the header charset to a contradicting <meta>', async () => {
    const { call } = await read({
      contentType: 'text/html; charset=utf-8',
      body: utf8(`<meta charset="windows-1251"><p>${RUSSIAN}</p>`),
    });
    expect(call?.input.text).toContain(RUSSIAN);
  });

  it('falls back to UTF-8 for an unknown charset label', async () => {
    const { call } = await read({
      contentType: 'text/plain; charset=x-no-such-charset',
      body: utf8(RUSSIAN),
    });
    expect(call?.input.text).toBe(RUSSIAN);
  });

  it('refuses bytes that are not valid in the declared charset', async () => {
    const error = await read({
      contentType: 'text/html; charset=utf-8',
      body: cp1251(`<p>${RUSSIAN}</p>`),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('https://news.test/story');
    expect(calls).toEqual([]);
  });

  it('refuses an empty page', async () => {
    const error = await read({ contentType: 'text/html', body: new Uint8Array(0) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
  });
});

describe('readUrl with the real guarded fetcher (local server only)', () => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());

  it('fetches, follows a redirect, decodes windows-1251 and dispatches to the HTML reader', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' });
      res.end(cp1251(`<html><body><p>${RUSSIAN}</p></body></html>`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fetcher = createSafeFetcher({
      timeoutMs: 5000,
      maxBytes: 100_000,
      maxRedirects: 2,
      allowHosts: ['127.0.0.1'],
    });
    close = async () => {
      await fetcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    const article = await readUrl({ text: `http://127.0.0.1:${port}/old` }, testCtx({ fetcher }));
    expect(calls.at(-1)?.reader).toBe('html');
    expect(calls.at(-1)?.input.text).toContain(RUSSIAN);
    expect(article.url).toBe(`http://127.0.0.1:${port}/new`);
  });

  it('surfaces the fetcher refusal for a private address', async () => {
    const fetcher = createSafeFetcher({
      timeoutMs: 5000,
      maxBytes: 100_000,
      maxRedirects: 2,
      allowHosts: [],
    });
    close = () => fetcher.close();
    const error = await readUrl(
      { text: 'http://169.254.169.254/latest/meta-data' },
      testCtx({ fetcher }),
    ).catch((e: unknown) => e);
    expect((error as InputError).code).toBe('input/url-refused');
    expect(calls).toEqual([]);
  });
});
