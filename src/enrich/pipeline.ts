/**
 * The transforms, in their one fixed order (unified plugins, pandoc filters). Each is
 * `(options) => (article, report) => article` and never looks at the raw input.
 * Quote/speaker attribution and alt text join this list with their features.
 */
import type { Ctx } from '../context.js';
import type { Article } from '../model/schema.js';
import type { Report } from '../report.js';

export type Transform = (article: Article, report: Report) => Article | Promise<Article>;

export interface NamedTransform {
  name: string;
  transform: Transform;
}

export function buildPipeline(): NamedTransform[] {
  return [];
}

export async function enrich(article: Article, ctx: Ctx, pipeline = buildPipeline()): Promise<Article> {
  let current = article;
  for (const step of pipeline) current = await step.transform(current, ctx.report);
  return current;
}
