import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { Article } from '../../src/model/schema.js';
import { testApp } from '../helpers/app.js';
import { corpusText } from '../helpers/corpus.js';

const app = testApp();
const meduza = corpusText('meduza-lavrov-blinken.txt');

function expectProblem(res: request.Response, status: number, detail: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
  expect(res.body.type).toMatch(/^urn:readout:problem:/);
  expect(res.body.detail).toMatch(detail);
  expect(res.body.instance).toBeTruthy();
}

describe('HTTP service', () => {
  it('GET /healthz', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /v1/schema returns the Article JSON Schema', async () => {
    const res = await request(app).get('/v1/schema');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/schema\+json/);
    const schema = JSON.parse(res.text);
    expect(schema.$defs.Article.required).toEqual(
      expect.arrayContaining(['schemaVersion', 'title', 'blocks']),
    );
  });

  it('POST /v1/convert/html with a JSON text field returns semantic HTML', async () => {
    const res = await request(app).post('/v1/convert/html').send({ text: meduza });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1');
    expect(res.text).toContain('Clearing the roadblocks');
    expect(res.headers['readout-article-id']).toMatch(/^clearing-the-roadblocks/);
  });

  it('accepts a raw text/markdown body', async () => {
    const res = await request(app)
      .post('/v1/convert/html')
      .set('Content-Type', 'text/markdown')
      .send(
        '---\ntitle: Raw body\nlang: en\n---\n\nA paragraph of the raw body with enough words to read.\n',
      );
    expect(res.status).toBe(200);
    expect(res.text).toContain('Raw body');
  });

  it('accepts an Article as JSON', async () => {
    const article = Article.parse({
      schemaVersion: 1,
      id: 'a-1',
      lang: 'en',
      title: 'Model in, HTML out',
      authors: [{ name: 'Jane Doe' }],
      translators: [],
      speakers: [],
      blocks: [{ id: 'b1', type: 'paragraph', children: [{ type: 'text', text: 'Hello.' }] }],
    });
    const res = await request(app).post('/v1/convert/html').send({ article });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Model in, HTML out');
    expect(res.text).toContain('id="b1"');
  });

  it('400 when no source field or two are given, naming them', async () => {
    expectProblem(await request(app).post('/v1/convert/html').send({}), 400, /one of: article, html, text/);
    expectProblem(
      await request(app).post('/v1/convert/html').send({ text: 'a', html: 'b' }),
      400,
      /html and text/,
    );
  });

  it('400 for an unknown field, naming it', async () => {
    const res = await request(app).post('/v1/convert/html').send({ txt: 'hello' });
    expectProblem(res, 400, /txt/);
  });

  it('400 for malformed JSON', async () => {
    const res = await request(app)
      .post('/v1/convert/html')
      .set('Content-Type', 'application/json')
      .send('{"text": ');
    expectProblem(res, 400, /not valid JSON/);
  });

  it('404 problem for an unknown output format and route', async () => {
    expectProblem(
      await request(app).post('/v1/convert/docx').send({ text: meduza }),
      404,
      /No converter for "docx"/,
    );
    expectProblem(await request(app).get('/nope'), 404, /No route/);
  });

  it('415 for an unsupported content type', async () => {
    const res = await request(app)
      .post('/v1/convert/html')
      .set('Content-Type', 'image/png')
      .send(Buffer.from([1, 2, 3]));
    expectProblem(res, 415, /Unsupported Content-Type "image\/png"/);
  });

  it('413 for a body over the limit, before parsing', async () => {
    const small = testApp({ maxInputBytes: 1000 });
    const res = await request(small)
      .post('/v1/convert/html')
      .set('Content-Type', 'text/plain')
      .send('x'.repeat(5000));
    expectProblem(res, 413, /limit/);
    const json = await request(small)
      .post('/v1/convert/html')
      .send({ text: 'y'.repeat(1500) });
    expectProblem(json, 413, /limit is 1000 bytes/);
  });

  it('422 for an unreadable article', async () => {
    const res = await request(app)
      .post('/v1/convert/html')
      .send({ article: { title: 'x', blocks: 'nope' } });
    expectProblem(res, 422, /blocks/);
    expect(res.body.errors.some((e: { path: string }) => e.path.startsWith('blocks'))).toBe(true);
  });
});
