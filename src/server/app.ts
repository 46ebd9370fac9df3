/**
 * The Express application. Routes stay thin: they turn requests into `exportArticle` calls and map
 * errors once (problem.ts). The jobs API joins here with its feature.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import { analyzeArticle } from '../analyze.js';
import type { Config } from '../config.js';
import { createCtx } from '../context.js';
import { InputError, NotFoundError } from '../errors.js';
import { exportArticle, prepareArticle } from '../export.js';
import type { Logger } from '../log.js';
import { articleJsonSchema } from '../model/schema.js';
import type { Fetcher } from '../net/fetcher.js';
import { decodeInput } from '../read/decode.js';
import { buildAccessibilityReport } from '../report/accessibility.js';
import { VERSION } from '../version.js';
import { isOutputFormat, OUTPUT_FORMATS } from '../write/index.js';
import { problem, problemFor } from './problem.js';
import { inputFromJsonBody, inputFromRawBody } from './requests.js';

export interface AppDeps {
  config: Config;
  fetcher: Fetcher;
  logger: Logger;
}

function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function charsetOf(req: Request): string | undefined {
  return /charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
}

function sendProblem(res: Response, req: Request, body: ReturnType<typeof problemFor>): void {
  res
    .status(body.status)
    .type('application/problem+json')
    .json({ ...body, instance: req.originalUrl });
}

/** The article named by a request: a JSON envelope, or the article itself as a text/html/markdown body. */
function articleRequest(req: Request, config: Config): ReturnType<typeof inputFromJsonBody> {
  const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (bytes.byteLength === 0) throw new InputError('request/empty', 'The request body is empty.');
  const mediaType = mediaTypeOf(req);
  let request: ReturnType<typeof inputFromJsonBody>;
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    const text = decodeInput(bytes, {
      maxBytes: config.maxInputBytes + 64 * 1024,
      label: 'The request body',
      charset: charsetOf(req),
    });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        'request/json-syntax',
        `The request body is not valid JSON: ${(error as Error).message}`,
      );
    }
    request = inputFromJsonBody(body);
  } else {
    request = { input: inputFromRawBody(mediaType, bytes, charsetOf(req)), options: {} };
  }
  return request;
}

export function createApp(deps: AppDeps): express.Express {
  const { config, fetcher, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }));

  // Bodies arrive as raw bytes (bounded), so that size, encoding and binary checks are ours.
  const rawBody = express.raw({ type: () => true, limit: config.maxInputBytes + 64 * 1024 });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: VERSION });
  });

  app.get('/v1/schema', (_req, res) => {
    res.type('application/schema+json').send(JSON.stringify(articleJsonSchema(), null, 2));
  });

  app.post('/v1/convert/:format', rawBody, async (req, res) => {
    const format = String(req.params.format);
    if (!isOutputFormat(format)) {
      throw new NotFoundError(
        'request/unknown-format',
        `No converter for "${format}"; available: ${OUTPUT_FORMATS.join(', ')}.`,
      );
    }
    const request = articleRequest(req, config);
    const ctx = createCtx({ config, fetcher });
    const result = await exportArticle(
      { input: request.input, formats: [format], options: { [format]: request.options } },
      ctx,
    );
    const file = result.files[0]!;
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', `inline; filename="${file.name}"`);
    res.setHeader('Readout-Article-Id', result.article.id);
    res.setHeader('Readout-Warnings', String(result.warnings.filter((w) => w.severity === 'warning').length));
    res.setHeader('ETag', `"${file.sha256}"`);
    res.send(Buffer.from(file.bytes));
  });

  app.post('/v1/analyze', rawBody, async (req, res) => {
    const request = articleRequest(req, config);
    const ctx = createCtx({ config, fetcher });
    const { article, inputFormat, text } = await prepareArticle(request.input, ctx);
    res.json({
      article: { id: article.id, title: article.title, lang: article.lang },
      ...analyzeArticle(article, inputFormat === 'text' ? text : undefined),
      accessibility: buildAccessibilityReport(article, ctx.report),
      warnings: ctx.report.warnings,
    });
  });

  app.use((req, res) => {
    sendProblem(res, req, problem(404, 'request/not-found', `No route for ${req.method} ${req.path}.`));
  });

  // Express 5 forwards rejected promises from async handlers here.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const body = problemFor(error);
    if (body.status >= 500) req.log.error({ err: error }, 'request failed');
    else req.log.info({ code: body.code, status: body.status }, body.detail);
    sendProblem(res, req, body);
  });

  return app;
}
