/**
 * The transforms, in their one fixed order (unified plugins, pandoc filters). A transform is
 * `(options) => (article, ctx) => article` and never looks at the raw input. Transforms take the context
 * (not only the report, as first sketched in DESIGN.md) because some do I/O — the images transform fetches
 * pictures through `ctx.fetcher` and fills `ctx.images` — and I/O goes through the context only.
 */
import type { Ctx } from '../context.js';
import type { Article } from '../model/schema.js';
import { imagesTransform } from './images/index.js';
import { type QuotesOptions, quotesTransform } from './quotes/index.js';

export type Transform = (article: Article, ctx: Ctx) => Article | Promise<Article>;

export interface NamedTransform {
  name: string;
  transform: Transform;
}

export interface PipelineOptions {
  quotes?: QuotesOptions;
}

export function buildPipeline(options: PipelineOptions = {}): NamedTransform[] {
  const quotes = quotesTransform(options.quotes);
  return [
    { name: 'quotes', transform: (article, ctx) => quotes(article, ctx.report) },
    { name: 'images', transform: imagesTransform() },
  ];
}

export async function enrich(article: Article, ctx: Ctx, pipeline = buildPipeline()): Promise<Article> {
  let current = article;
  for (const step of pipeline) current = await step.transform(current, ctx);
  return current;
}
