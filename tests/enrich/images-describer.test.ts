/** The optional describer, against a local server on 127.0.0.1 that speaks the chat-completions API. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createCtx } from '../../src/context.js';
import { describerFromConfig, processImages } from '../../src/enrich/images/index.js';
import { sniffImageType } from '../../src/enrich/images/sniff.js';
import { noNetwork, testCtx } from '../helpers/ctx.js';
import { articleWith, dataUri, figure, figuresOf, jpeg } from './images-fixtures.js';

interface Call {
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages: {
      role: string;
      content: string | { type: string; text?: string; image_url?: { url: string } }[];
    }[];
  };
}

let server: Server;
let origin = '';
const calls: Call[] = [];
/** What the server answers next: a chat-completions reply, or an HTTP status. */
let reply: { content: string } | { status: number } = { content: 'A red ferry moored at a wooden pier.' };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as Call['body'];
    calls.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"overloaded"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        choices: [
          { index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
beforeEach(() => {
  calls.length = 0;
  reply = { content: 'A red ferry moored at a wooden pier.' };
});

function describedCtx() {
  const config = loadConfig({
    READOUT_DESCRIBER_URL: `${origin}/v1`,
    READOUT_DESCRIBER_KEY: 'test-key',
    READOUT_DESCRIBER_MODEL: 'vision-test',
  });
  return createCtx({ config, fetcher: noNetwork });
}

describe('the describer', () => {
  it('is off by default', async () => {
    expect(describerFromConfig(loadConfig({}))).toBeUndefined();
    const ctx = testCtx();
    const out = await processImages(articleWith([figure(dataUri(await jpeg(), 'image/jpeg'))]), ctx);
    expect(figuresOf(out)[0]!.altSource).toBe('missing');
    expect(calls).toEqual([]);
  });

  it('writes the alt of a picture nothing else describes (altSource generated), in the article’s language', async () => {
    const ctx = describedCtx();
    const out = await processImages(
      articleWith([figure(dataUri(await jpeg(), 'image/jpeg'))], { lang: 'fr', title: 'Le port rouvre' }),
      ctx,
    );
    expect(figuresOf(out)[0]).toMatchObject({
      alt: 'A red ferry moored at a wooden pier.',
      altSource: 'generated',
    });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.authorization).toBe('Bearer test-key');
    expect(call.body.model).toBe('vision-test');
    const user = call.body.messages.find((m) => m.role === 'user')!;
    const parts = user.content as { type: string; text?: string; image_url?: { url: string } }[];
    expect(parts.find((p) => p.type === 'text')?.text).toContain('French');
    const image = parts.find((p) => p.type === 'image_url')!.image_url!.url;
    expect(image).toMatch(/^data:image\/jpeg;base64,/);
    expect(sniffImageType(Buffer.from(image.split(',')[1]!, 'base64'))).toBe('jpeg');
    expect(ctx.report.messages.map((m) => m.origin)).toContain('images:generated');
  });

  it('is not asked when the page or the file describes the picture', async () => {
    const ctx = describedCtx();
    await processImages(
      articleWith([
        figure(dataUri(await jpeg(), 'image/jpeg'), { alt: 'Two ferries at the pier', altSource: 'author' }),
        figure(dataUri(await jpeg(50, 50), 'image/jpeg'), { caption: [{ type: 'text', text: 'The pier.' }] }),
      ]),
      ctx,
    );
    expect(calls).toEqual([]);
  });

  it('tidies the answer and refuses a useless one', async () => {
    reply = { content: '"Image of a harbour crane at night."' };
    const tidy = await processImages(
      articleWith([figure(dataUri(await jpeg(80, 60), 'image/jpeg'))]),
      describedCtx(),
    );
    expect(figuresOf(tidy)[0]!.alt).toBe('A harbour crane at night.');
    reply = { content: 'image' };
    const useless = await processImages(
      articleWith([figure(dataUri(await jpeg(81, 60), 'image/jpeg'))]),
      describedCtx(),
    );
    expect(figuresOf(useless)[0]!.altSource).toBe('missing');
  });

  it('a failing describer leaves an honest missing alt and a warning', async () => {
    reply = { status: 503 };
    const ctx = describedCtx();
    const out = await processImages(articleWith([figure(dataUri(await jpeg(), 'image/jpeg'))]), ctx);
    expect(figuresOf(out)[0]).toMatchObject({
      altSource: 'missing',
      alt: 'Photograph, no description available',
    });
    expect(ctx.report.warnings.map((w) => w.origin)).toEqual([
      'images:describer-failed',
      'images:missing-alt',
    ]);
    expect(ctx.report.warnings[0]!.message).toContain('503');
  });

  it('refuses a describer URL that is not http(s) at start-up', () => {
    expect(() => loadConfig({ READOUT_DESCRIBER_URL: 'file:///etc/passwd' })).toThrow(
      /READOUT_DESCRIBER_URL/,
    );
  });
});
