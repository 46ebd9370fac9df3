/**
 * The export job as stored and queued, and what running it produces. The zod schemas double as the
 * OpenAPI description of the jobs API (src/openapi.ts).
 */
import { z } from 'zod';
import { AccessibilityReport } from '../report/accessibility.js';

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export const JobState = z
  .enum(JOB_STATES)
  .meta({ description: 'Where a job is: queued, running, done or failed.' });
export type JobState = z.infer<typeof JobState>;

/** How the stored input is to be read back (the bytes themselves live in the file store). */
export const JobInput = z.object({
  format: z.string(),
  name: z.string().optional(),
  baseUrl: z.string().optional(),
  charset: z.string().optional(),
  /** The input arrived as text (a JSON field) rather than raw bytes. */
  text: z.boolean(),
});
export type JobInput = z.infer<typeof JobInput>;

/** What a queue hands to the job processor (also the BullMQ job data). */
export const ExportJob = z.object({
  id: z.uuid(),
  formats: z.array(z.string()).min(1),
  options: z.record(z.string(), z.record(z.string(), z.unknown())),
  input: JobInput,
});
export type ExportJob = z.infer<typeof ExportJob>;

export const JobFile = z.object({
  name: z
    .string()
    .meta({ description: 'Relative file name, e.g. `article.pdf` or `ssml/polly/part-001.ssml`.' }),
  format: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type JobFile = z.infer<typeof JobFile>;

export const JobMessage = z.object({
  origin: z.string(),
  severity: z.enum(['warning', 'info']),
  message: z.string(),
  blockId: z.string().optional(),
});

/** The result of a finished job (without file bytes, which are in the file store). */
export const JobResult = z.object({
  article: z.object({ id: z.string(), title: z.string(), lang: z.string() }),
  inputFormat: z.string(),
  files: z.array(JobFile),
  warnings: z.array(JobMessage),
  accessibility: AccessibilityReport,
  speakers: z.array(z.object({ id: z.string(), name: z.string() })),
  durationMs: z.number().nonnegative(),
  /** Which process ran it (`host:pid`). */
  worker: z.string(),
});
export type JobResult = z.infer<typeof JobResult>;

export const JobError = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
});
export type JobError = z.infer<typeof JobError>;

/** A job record in the store. */
export interface JobRecord {
  id: string;
  /** The API key hash that created it ('' without keys). */
  owner: string;
  state: JobState;
  formats: string[];
  options: Record<string, Record<string, unknown>>;
  input: JobInput;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  expiresAt?: number;
  attempts: number;
  result?: JobResult;
  error?: JobError;
}

export function jobOf(record: JobRecord): ExportJob {
  return { id: record.id, formats: record.formats, options: record.options, input: record.input };
}
