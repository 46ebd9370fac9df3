/**
 * Untrusted pages: the html reader never runs a script (inline, external, event handler) and never
 * requests a resource (stylesheet, script, image, frame, video, object). Every resource of the page
 * points at a local server that counts requests.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleText } from '../../src/model/walk.js';
import { parseDocument } from '../../src/read/html/parse.js';
import { readHtml } from '../../src/read/html.js';
import { projectRoot } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

declare global {
  var __readoutScriptRan: string | undefined;
}

let server: Server;
let origin: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    res.end('');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function page(): string {
  return readFileSync(join(projectRoot, 'tests/fixtures/html/scripts.html'), 'utf8').replaceAll(
    '{{ORIGIN}}',
    origin,
  );
}

describe('html reader on a page with scripts and external resources', () => {
  it('runs no script and requests nothing, yet reads the article', async () => {
    globalThis.__readoutScriptRan = undefined;
    const article = await readHtml({ text: page(), baseUrl: `${origin}/article.html` }, testCtx());
    // Give any stray loader or timer a chance to fire before checking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(globalThis.__readoutScriptRan).toBeUndefined();
    expect(requested).toEqual([]);
    // Scripts in the page would have changed the title, called the server back and written a paragraph.
    expect(article.title).toBe('The council approves the new library');
    expect(article.blocks.filter((b) => b.type === 'paragraph')).toHaveLength(4);
  });

  it('keeps script text, document.write output and embeds out of the body', async () => {
    const body = articleText(await readHtml({ text: page() }, testCtx()));
    for (const text of ['must never run', 'written by a script', '__readoutScriptRan', 'XMLHttpRequest']) {
      expect(body).not.toContain(text);
    }
  });

  it('parses the page with its scripts left in (no stripping) without running or fetching anything', async () => {
    globalThis.__readoutScriptRan = undefined;
    requested.length = 0;
    const doc = parseDocument(page());
    expect(doc.querySelectorAll('script').length).toBeGreaterThan(0);
    const body = doc.createElement('div');
    body.innerHTML =
      '<img src="x" onerror="globalThis.__readoutScriptRan = \'innerHTML\'"><script>globalThis.__readoutScriptRan = 1</script>';
    new Readability(doc).parse();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(globalThis.__readoutScriptRan).toBeUndefined();
    expect(requested).toEqual([]);
  });
});
