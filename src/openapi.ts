/**
 * The OpenAPI 3.1 document of the HTTP API (`GET /openapi.json`, rendered at `/docs`). Every schema is
 * generated from the zod schemas the service validates and answers with (`z.toJSONSchema` over one
 * registry, so shared parts are `$ref`s): the Article model, the request bodies, the writers' own option
 * schemas from the writer registry, the jobs API responses, `AnalyzeResult` and `AccessibilityReport`.
 * Only the list of paths is written here.
 */
import { z } from 'zod';
import { AnalyzeResult } from './analyze.js';
import { JobFile, JobState } from './jobs/types.js';
import { Article, Block, Inline } from './model/schema.js';
import { INPUT_FORMATS } from './read/index.js';
import { AccessibilityReport } from './report/accessibility.js';
import { BATCH_MEDIA_TYPES } from './server/batches-input.js';
import { BatchCreated, BatchList, BatchState, BatchStatus } from './server/batches-schema.js';
import { ConvertRequest, exportJobRequestDoc } from './server/requests.js';
import { AnalyzeResponse, JobCreated, JobStatus, Problem } from './server/responses.js';
import { VERSION } from './version.js';
import { OUTPUT_FORMATS, writers } from './write/index.js';

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
/** `epub-audio` → `EpubAudioOptions` (component names stay PascalCase). */
export const optionsId = (format: string) =>
  `${format
    .split('-')
    .map((p) => `${p[0]!.toUpperCase()}${p.slice(1)}`)
    .join('')}Options`;

function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  const optionSchemas: Record<string, z.ZodType> = {};
  for (const format of OUTPUT_FORMATS) {
    const schema = writers[format].options as z.ZodType;
    optionSchemas[format] = schema;
    registry.add(schema, { id: optionsId(format) });
  }
  const add: [z.ZodType, string][] = [
    [Article, 'Article'],
    [Block, 'Block'],
    [Inline, 'Inline'],
    [ConvertRequest, 'ConvertRequest'],
    [exportJobRequestDoc(OUTPUT_FORMATS, optionSchemas), 'ExportRequest'],
    [JobCreated, 'JobCreated'],
    [JobStatus, 'JobStatus'],
    [JobState, 'JobState'],
    [JobFile, 'JobFile'],
    [AnalyzeResult, 'AnalyzeResult'],
    [AnalyzeResponse, 'AnalyzeResponse'],
    [AccessibilityReport, 'AccessibilityReport'],
    [Problem, 'Problem'],
    [BatchCreated, 'BatchCreated'],
    [BatchStatus, 'BatchStatus'],
    [BatchState, 'BatchState'],
    [BatchList, 'BatchList'],
  ];
  for (const [schema, id] of add) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as Json;
    out[id] = rest;
  }
  return out;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
};

const errors = {
  '400': problemResponse('Invalid request: the problem names the field and why.'),
  '401': problemResponse('No API key (when the service has keys).'),
  '403': problemResponse('The API key is not valid.'),
  '413': problemResponse('The body or input is larger than READOUT_MAX_INPUT_BYTES.'),
  '415': problemResponse('Unsupported Content-Type.'),
  '422': problemResponse('The article cannot be read (the problem says why, with paths for JSON).'),
  '429': { ...problemResponse('Queue full or rate limited.'), headers: retryAfter },
  '503': {
    ...problemResponse('Not ready, shutting down, or the conversion took too long.'),
    headers: retryAfter,
  },
};

const pick = (...codes: (keyof typeof errors)[]) => Object.fromEntries(codes.map((c) => [c, errors[c]]));

const jobId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The job id (a random UUID).',
  schema: { type: 'string', format: 'uuid' },
};

const rawArticleBodies = {
  'text/plain': { schema: { type: 'string' } },
  'text/html': { schema: { type: 'string' } },
  'text/markdown': { schema: { type: 'string' } },
};

const batchId = { ...jobId, description: 'The batch id (a random UUID).' };

const batchParams = [
  {
    name: 'to',
    in: 'query',
    description: `Output formats, comma-separated (${OUTPUT_FORMATS.join(', ')}); or the \`to\` form field.`,
    schema: { type: 'string' },
  },
  {
    name: 'options',
    in: 'query',
    description: 'Writer options as JSON keyed by format, e.g. {"epub":{"cover":"none"}}.',
    schema: { type: 'string' },
  },
  {
    name: 'anthology',
    in: 'query',
    description:
      '`true` (anthology.epub) or a file name ending in .epub: one EPUB of every article that succeeded.',
    schema: { type: 'string' },
  },
  { name: 'anthologyTitle', in: 'query', description: 'Title of the anthology.', schema: { type: 'string' } },
  {
    name: 'name',
    in: 'query',
    description: 'Raw bodies: the input file name (for JSONL entry names and messages).',
    schema: { type: 'string' },
  },
];

const notFound = problemResponse('No such batch for this API key (or it has expired).');

function batchPaths(): Json {
  const binary = (type: string) => ({ schema: { type: 'string', contentMediaType: type } });
  return {
    '/v1/batches': {
      post: {
        operationId: 'createBatch',
        summary: 'Start a batch export of an archive, a JSONL file or a URL list',
        description:
          'The input as a multipart upload (part `file`: .zip, .tar, .tar.gz/.tgz, .jsonl, or a text file of URLs; parameters as form fields or query parameters) or as the raw body, its kind from the Content-Type. Formats, options and the input are checked before the batch is accepted: a hostile archive (path traversal, links, a likely zip bomb, too many entries) is refused with a problem naming the entry, and nothing is kept. Answers 202 with the batch id, a Location header and links.',
        parameters: batchParams,
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  file: { type: 'string', contentMediaType: 'application/octet-stream' },
                  to: { type: 'string', description: 'e.g. "html,epub".' },
                  options: { type: 'string', description: 'JSON: writer options keyed by format.' },
                  anthology: { type: 'string' },
                  anthologyTitle: { type: 'string' },
                },
              },
            },
            ...Object.fromEntries(BATCH_MEDIA_TYPES.map((t) => [t, binary(t)])),
          },
        },
        responses: {
          '202': {
            description: 'Accepted: the batch runs in the background.',
            headers: { Location: { description: 'The batch URL.', schema: { type: 'string' } } },
            content: { 'application/json': { schema: ref('BatchCreated') } },
          },
          ...pick('400', '401', '403', '413', '415', '422', '429', '503'),
        },
      },
      get: {
        operationId: 'listBatches',
        summary: 'The batches of this API key, newest first',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        ],
        responses: {
          '200': {
            description: 'The batches.',
            content: { 'application/json': { schema: ref('BatchList') } },
          },
          ...pick('400', '401', '403', '429'),
        },
      },
    },
    '/v1/batches/{id}': {
      parameters: [batchId],
      get: {
        operationId: 'getBatch',
        summary: 'Batch status and progress (total, finished, done, cached, failed, rate, ETA)',
        responses: {
          '200': {
            description: 'The batch.',
            content: { 'application/json': { schema: ref('BatchStatus') } },
          },
          '404': notFound,
          ...pick('401', '403', '429'),
        },
      },
      delete: {
        operationId: 'deleteBatch',
        summary: 'Delete a batch and its files (a running batch is cancelled)',
        responses: { '204': { description: 'Deleted.' }, '404': notFound, ...pick('401', '403', '429') },
      },
    },
    '/v1/batches/{id}/events': {
      parameters: [batchId],
      get: {
        operationId: 'batchEvents',
        summary: 'The batch’s events as Server-Sent Events',
        description:
          'Events `start`, `entry` (with the entry and the progress), `anthology`, `finish` (status and totals) and `failed`, each with an `id:`; what happened before the client connected is replayed first (after `Last-Event-ID` when given). Comments every 15 s keep the stream open; it ends when the batch is over. A batch resumed after a restart starts again with `start`, its earlier entries as `cached`.',
        parameters: [
          { name: 'Last-Event-ID', in: 'header', schema: { type: 'integer' } },
          { name: 'lastEventId', in: 'query', schema: { type: 'integer' } },
        ],
        responses: {
          '200': {
            description: 'An event stream.',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          '404': notFound,
          ...pick('401', '403', '429'),
        },
      },
    },
    '/v1/batches/{id}/result.zip': {
      parameters: [batchId],
      get: {
        operationId: 'batchResult',
        summary: 'Every output and manifest.json as one zip, streamed',
        description:
          'Asked while the batch runs, the zip receives each entry’s files as the entry finishes and ends, with manifest.json, when the batch ends. A stream cut off before the end (the batch deleted or failed, the service stopping) is not a valid zip.',
        responses: {
          '200': { description: 'A zip.', content: { 'application/zip': binary('application/zip') } },
          '404': notFound,
          '409': problemResponse('The batch failed.'),
          ...pick('401', '403', '429'),
        },
      },
    },
    '/v1/batches/{id}/manifest.json': {
      parameters: [batchId],
      get: {
        operationId: 'batchManifest',
        summary: 'The batch manifest: every entry, its status, files, warnings or error, and the totals',
        responses: {
          '200': {
            description: 'manifest.json.',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '404': notFound,
          '409': problemResponse('The batch is not over yet.'),
          ...pick('401', '403', '429'),
        },
      },
    },
  };
}

function paths(): Json {
  return {
    ...batchPaths(),
    '/v1/exports': {
      post: {
        operationId: 'createExport',
        summary: 'Start an export job',
        description:
          'Queues one article for export to one or more formats. Answers 202 with the job id and a Location header; follow the job with GET /v1/exports/{id}. Multipart requests work like Gotenberg: a `file` part with the article, `formats` (comma-separated or a JSON array) and `options` (JSON) fields. Raw text/html/markdown bodies take `?formats=`.',
        parameters: [
          {
            name: 'formats',
            in: 'query',
            description: 'Output formats, comma-separated (raw bodies only).',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: ref('ExportRequest') },
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['formats'],
                properties: {
                  file: {
                    type: 'string',
                    contentMediaType: 'application/octet-stream',
                    description: `The article file (${INPUT_FORMATS.filter((f) => f !== 'url').join(', ')}; detected from name and content).`,
                  },
                  formats: { type: 'string', description: 'e.g. "pdf,ssml" or ["pdf","ssml"].' },
                  options: { type: 'string', description: 'JSON: writer options keyed by format.' },
                  inputFormat: { type: 'string', enum: ['auto', ...INPUT_FORMATS] },
                  text: { type: 'string' },
                  html: { type: 'string' },
                  markdown: { type: 'string' },
                  url: { type: 'string' },
                  baseUrl: { type: 'string' },
                },
              },
            },
            ...rawArticleBodies,
          },
        },
        responses: {
          '202': {
            description: 'Queued.',
            headers: { Location: { description: 'The job URL.', schema: { type: 'string' } } },
            content: { 'application/json': { schema: ref('JobCreated') } },
          },
          ...pick('400', '401', '403', '413', '415', '422', '429', '503'),
        },
      },
    },
    '/v1/exports/{id}': {
      parameters: [jobId],
      get: {
        operationId: 'getExport',
        summary: 'Job status, files, warnings and accessibility report',
        responses: {
          '200': { description: 'The job.', content: { 'application/json': { schema: ref('JobStatus') } } },
          '404': problemResponse('No such job for this API key (or it has expired).'),
          ...pick('401', '403', '429'),
        },
      },
      delete: {
        operationId: 'deleteExport',
        summary: 'Delete a job and its files (a running job is stopped)',
        responses: {
          '204': { description: 'Deleted.' },
          '404': problemResponse('No such job for this API key.'),
          ...pick('401', '403', '429'),
        },
      },
    },
    '/v1/exports/{id}/files/{name}': {
      parameters: [
        jobId,
        {
          name: 'name',
          in: 'path',
          required: true,
          description: 'A file name from the job status (may contain `/`, e.g. `ssml/polly/part-001.ssml`).',
          schema: { type: 'string' },
        },
      ],
      get: {
        operationId: 'downloadExportFile',
        summary: 'Download one file (Range and If-None-Match supported; ETag is the sha256)',
        responses: {
          '200': {
            description: 'The file, with its Content-Type and an attachment Content-Disposition.',
            headers: {
              ETag: { schema: { type: 'string' } },
              'Accept-Ranges': { schema: { type: 'string' } },
            },
            content: {
              'application/octet-stream': {
                schema: { type: 'string', contentMediaType: 'application/octet-stream' },
              },
            },
          },
          '206': { description: 'Partial content (Range).' },
          '304': { description: 'Not modified (If-None-Match).' },
          '404': problemResponse('No such job or file.'),
          '409': problemResponse('The job has not finished (or failed).'),
          '416': { description: 'Range not satisfiable.' },
          ...pick('401', '403', '429'),
        },
      },
    },
    '/v1/exports/{id}/archive': {
      parameters: [jobId],
      get: {
        operationId: 'downloadExportArchive',
        summary: 'Every file of the job as one zip, with manifest.json and report.json (streamed)',
        responses: {
          '200': {
            description: 'A zip.',
            content: {
              'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } },
            },
          },
          '404': problemResponse('No such job.'),
          '409': problemResponse('The job has not finished (or failed).'),
          ...pick('401', '403', '429'),
        },
      },
    },
    '/v1/convert/{format}': {
      parameters: [
        {
          name: 'format',
          in: 'path',
          required: true,
          description: 'The output format.',
          schema: { type: 'string', enum: [...OUTPUT_FORMATS] },
        },
      ],
      post: {
        operationId: 'convert',
        summary: 'Convert one article synchronously',
        description:
          'Returns the main file of the format (extra files such as per-engine SSML requests are left out; use the jobs API for them). Bounded by the same per-format concurrency as jobs: beyond READOUT_CONVERT_BACKLOG waiting requests the answer is 429 with Retry-After.',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('ConvertRequest') }, ...rawArticleBodies },
        },
        responses: {
          '200': {
            description: 'The file.',
            headers: {
              'Readout-Article-Id': { schema: { type: 'string' } },
              'Readout-Warnings': { description: 'Number of warnings.', schema: { type: 'integer' } },
              ETag: { schema: { type: 'string' } },
            },
            content: {
              'application/octet-stream': {
                schema: { type: 'string', contentMediaType: 'application/octet-stream' },
              },
            },
          },
          '404': problemResponse('No converter for this format.'),
          ...errors,
        },
      },
    },
    '/v1/analyze': {
      post: {
        operationId: 'analyze',
        summary: 'Quotations, speakers and the alt-text report of one article',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('ConvertRequest') }, ...rawArticleBodies },
        },
        responses: {
          '200': {
            description: 'The analysis.',
            content: { 'application/json': { schema: ref('AnalyzeResponse') } },
          },
          ...errors,
        },
      },
    },
    '/v1/schema': {
      get: {
        operationId: 'articleSchema',
        summary: 'The JSON Schema of the Article model',
        responses: {
          '200': {
            description: 'JSON Schema 2020-12.',
            content: { 'application/schema+json': { schema: ref('Article') } },
          },
          ...pick('401', '403'),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1.' } },
      },
    },
    '/docs': {
      get: {
        operationId: 'docs',
        summary: 'This document as a readable page',
        security: [],
        responses: { '200': { description: 'HTML.' } },
      },
    },
    '/healthz': {
      get: {
        operationId: 'healthz',
        summary: 'Alive',
        security: [],
        responses: { '200': { description: 'The process answers.' } },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        summary: 'Ready: job store and queue usable, Chromium found for PDF, not shutting down',
        security: [],
        responses: { '200': { description: 'Ready.' }, '503': errors['503'] },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus metrics: jobs by state and format, durations, queue depth, browser restarts',
        security: [],
        responses: { '200': { description: 'Prometheus text format.' } },
      },
    },
  };
}

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'readout',
      version: VERSION,
      description:
        'Accessible print and audio exports of news articles: PDF, EPUB 3, SSML and alt text from one article model. Every error is an RFC 9457 problem (application/problem+json).',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, {}],
    paths: paths(),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key from READOUT_API_KEYS; required on /v1 when the service has keys.',
        },
      },
      schemas: componentSchemas(),
    },
  };
}
