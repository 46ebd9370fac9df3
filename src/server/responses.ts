/** Response bodies of the jobs API (zod: the OpenAPI document is generated from these) and their views. */
import { z } from 'zod';
import { AnalyzeResult } from '../analyze.js';
import { JobError, JobFile, JobMessage, type JobRecord, JobState } from '../jobs/types.js';
import { AccessibilityReport } from '../report/accessibility.js';

export const Problem = z
  .object({
    type: z.string().meta({ description: 'urn:readout:problem:<code>' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'What was wrong, naming the field or limit.' }),
    code: z
      .string()
      .meta({ description: 'A stable error code, e.g. `request/invalid`, `limit/queue-full`.' }),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
  })
  .meta({ description: 'An RFC 9457 problem (application/problem+json).' });

export const AnalyzeResponse = AnalyzeResult.extend({
  article: z.object({ id: z.string(), title: z.string(), lang: z.string() }),
  accessibility: AccessibilityReport,
  warnings: z.array(JobMessage),
}).meta({ description: 'POST /v1/analyze: quotes and speakers, with the accessibility report.' });

const JobLinks = z.object({
  self: z.string(),
  archive: z.string().meta({ description: 'All files as one zip (when done).' }),
});

export const JobCreated = z.object({ id: z.uuid(), status: JobState, links: JobLinks });

export const JobStatus = z.object({
  id: z.uuid(),
  status: JobState,
  formats: z.array(z.string()),
  progress: z
    .record(z.string(), JobState)
    .meta({ description: 'Where each requested format is (formats of one job are written in one run).' }),
  attempts: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  expiresAt: z.iso.datetime().optional().meta({ description: 'When the job and its files are deleted.' }),
  article: z.object({ id: z.string(), title: z.string(), lang: z.string() }).optional(),
  files: z.array(JobFile.extend({ href: z.string() })).optional(),
  warnings: z.array(JobMessage).optional(),
  accessibility: AccessibilityReport.optional(),
  speakers: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  error: JobError.optional(),
  links: JobLinks,
});
export type JobStatus = z.infer<typeof JobStatus>;

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

export function jobLinks(id: string) {
  return { self: `/v1/exports/${id}`, archive: `/v1/exports/${id}/archive` };
}

/** A file's download path; each name segment escaped. */
export function fileHref(id: string, name: string): string {
  return `/v1/exports/${id}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
}

export function jobStatusView(record: JobRecord): JobStatus {
  const { result } = record;
  return {
    id: record.id,
    status: record.state,
    formats: record.formats,
    progress: Object.fromEntries(record.formats.map((f) => [f, record.state])),
    attempts: record.attempts,
    createdAt: iso(record.createdAt)!,
    ...(record.startedAt ? { startedAt: iso(record.startedAt) } : {}),
    ...(record.finishedAt ? { finishedAt: iso(record.finishedAt) } : {}),
    ...(record.expiresAt ? { expiresAt: iso(record.expiresAt) } : {}),
    ...(result
      ? {
          article: result.article,
          files: result.files.map((f) => ({ ...f, href: fileHref(record.id, f.name) })),
          warnings: result.warnings,
          accessibility: result.accessibility,
          speakers: result.speakers,
        }
      : {}),
    ...(record.error ? { error: record.error } : {}),
    links: jobLinks(record.id),
  };
}
