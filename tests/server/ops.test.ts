/** OpenAPI (generated from the zod schemas), /docs, /metrics and /healthz. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiDocument } from '../../src/openapi.js';
import { OUTPUT_FORMATS, writers } from '../../src/write/index.js';
import { corpusText } from '../helpers/corpus.js';
import { openService, settled, type TestService } from './support.js';

type Json = Record<string, unknown>;

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  const doc = openApiDocument() as Json & {
    paths: Record<string, Json>;
    components: { schemas: Record<string, Json> };
  };
  const schemas = doc.components.schemas;

  it('is OpenAPI 3.1 with every endpoint of the service', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/exports',
        '/v1/exports/{id}',
        '/v1/exports/{id}/files/{name}',
        '/v1/exports/{id}/archive',
        '/v1/convert/{format}',
        '/v1/analyze',
        '/v1/schema',
        '/openapi.json',
        '/docs',
        '/healthz',
        '/readyz',
        '/metrics',
      ]),
    );
  });

  it('has the model, results and every registered writer option schema, and every $ref resolves', () => {
    for (const id of [
      'Article',
      'Block',
      'Inline',
      'AnalyzeResult',
      'AccessibilityReport',
      'Problem',
      'JobStatus',
    ]) {
      expect(schemas[id], id).toBeDefined();
    }
    for (const format of OUTPUT_FORMATS) {
      const id = `${format.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Options`;
      // Generated from the writer's own zod schema, not written by hand.
      const expected = z.toJSONSchema(writers[format].options as z.ZodType, {
        io: 'input',
        unrepresentable: 'any',
      }) as Json;
      expect(Object.keys(schemas[id]?.properties as Json)).toEqual(Object.keys(expected.properties as Json));
    }
    const request = schemas.ExportRequest as { properties: { formats: { items: { enum: string[] } } } };
    expect(request.properties.formats.items.enum).toEqual([...OUTPUT_FORMATS]);
    const convert = doc.paths['/v1/convert/{format}'] as { parameters: { schema: { enum: string[] } }[] };
    expect(convert.parameters[0]!.schema.enum).toEqual([...OUTPUT_FORMATS]);
    for (const ref of refs(doc)) {
      const m = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/.exec(ref);
      expect(m, ref).not.toBeNull();
      expect(schemas[m![1]!], ref).toBeDefined();
    }
  });

  it('documents every status code of the spec', () => {
    const codes = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        const responses = (op as { responses?: Json }).responses;
        if (responses) for (const c of Object.keys(responses)) codes.add(c);
      }
    }
    for (const c of ['200', '202', '204', '400', '401', '403', '404', '413', '415', '422', '429', '503']) {
      expect(codes.has(c), c).toBe(true);
    }
  });
});

describe('operations endpoints', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await openService();
  });
  afterAll(() => t.close());

  it('GET /openapi.json and a readable /docs page listing every path', async () => {
    const json = await request(t.app).get('/openapi.json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toBe('3.1.0');
    const docs = await request(t.app).get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    for (const path of Object.keys(json.body.paths)) expect(docs.text).toContain(`<code>${path}</code>`);
    expect(docs.text).toContain('id="schema-Article"');
    expect(docs.text).not.toMatch(/<script/);
  });

  it('GET /healthz', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /metrics: jobs by state and format, durations, queue depth, route-labelled requests', async () => {
    const created = await request(t.app)
      .post('/v1/exports')
      .send({ text: corpusText('meduza-lavrov-blinken.txt'), formats: ['html', 'ssml'] });
    await settled(t.app, created.body.id);
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/readout_jobs\{state="done",format="html"\} 1/);
    expect(res.text).toMatch(/readout_jobs\{state="done",format="ssml"\} 1/);
    expect(res.text).toMatch(/readout_jobs_finished_total\{format="ssml",outcome="done"\} 1/);
    expect(res.text).toMatch(/readout_job_duration_seconds_count\{format="html",outcome="done"\} 1/);
    expect(res.text).toMatch(/readout_queue_depth 0/);
    expect(res.text).toMatch(/route="\/v1\/exports\/:id"/);
    expect(res.text).not.toContain(created.body.id);
    expect(res.text).toMatch(/readout_process_cpu_seconds_total/);
  });
});
