/** Response bodies of the batches API (zod: the OpenAPI document is generated from these) and their views. */
import { z } from 'zod';
import { BATCH_STATES, type BatchRecord } from '../jobs/batch-store.js';
import { JobError } from '../jobs/types.js';

export const BatchState = z.enum(BATCH_STATES).meta({
  description:
    'queued; running; complete (every entry finished, failed ones included); interrupted (stopped by a shutdown, resumed at the next start); failed (the batch itself could not run).',
});

const BatchLinks = z.object({
  self: z.string(),
  events: z.string().meta({ description: 'Server-Sent Events of the batch (replayed from its start).' }),
  result: z
    .string()
    .meta({ description: 'Every output and manifest.json as one zip, streamed as entries finish.' }),
  manifest: z.string().meta({ description: 'manifest.json (when the batch is over).' }),
});

export const BatchCreated = z.object({ id: z.uuid(), status: BatchState, links: BatchLinks });

export const BatchProgressView = z.object({
  total: z.number().int().nonnegative().optional().meta({ description: 'Entries in the input.' }),
  finished: z.number().int().nonnegative(),
  done: z.number().int().nonnegative().meta({ description: 'Exported in this run.' }),
  cached: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'Finished by an earlier run (resumed batches).' }),
  failed: z.number().int().nonnegative(),
  ratePerMinute: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().optional().meta({ description: 'Estimated time left.' }),
});

export const BatchTotalsView = z.object({
  entries: z.number().int(),
  done: z.number().int(),
  cached: z.number().int(),
  failed: z.number().int(),
  files: z.number().int(),
  bytes: z.number().int(),
  warnings: z.number().int(),
  seconds: z.number(),
  articlesPerMinute: z.number(),
});

export const BatchStatus = z.object({
  id: z.uuid(),
  status: BatchState,
  formats: z.array(z.string()),
  options: z.record(z.string(), z.record(z.string(), z.unknown())),
  anthology: z.string().optional().meta({ description: 'The anthology EPUB inside the result.' }),
  source: z.object({
    kind: z.enum(['directory', 'zip', 'tar', 'jsonl', 'urls']),
    name: z.string(),
    entries: z.number().int().optional(),
    skipped: z
      .number()
      .int()
      .meta({ description: 'Files passed over (pictures, stylesheets, hidden files).' }),
  }),
  progress: BatchProgressView,
  totals: BatchTotalsView.optional().meta({ description: 'When complete: the manifest totals.' }),
  error: JobError.optional(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().optional(),
  finishedAt: z.iso.datetime().optional(),
  expiresAt: z.iso.datetime().optional().meta({ description: 'When the batch and its files are deleted.' }),
  links: BatchLinks,
});
export type BatchStatus = z.infer<typeof BatchStatus>;

export const BatchList = z.object({ batches: z.array(BatchStatus) });

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

export function batchLinks(id: string) {
  const self = `/v1/batches/${id}`;
  return {
    self,
    events: `${self}/events`,
    result: `${self}/result.zip`,
    manifest: `${self}/manifest.json`,
  };
}

export function batchStatusView(record: BatchRecord): BatchStatus {
  const { spec, progress, totals } = record;
  const total = progress?.total ?? spec.source.entries;
  const counts =
    record.state === 'complete' && totals
      ? { finished: totals.entries, done: totals.done, cached: totals.cached, failed: totals.failed }
      : {
          finished: progress?.finished ?? 0,
          done: progress?.done ?? 0,
          cached: progress?.cached ?? 0,
          failed: progress?.failed ?? 0,
        };
  const running = record.state === 'running';
  return {
    id: record.id,
    status: record.state,
    formats: spec.formats,
    options: spec.options,
    ...(spec.anthology ? { anthology: spec.anthology.path } : {}),
    source: {
      kind: spec.source.kind,
      name: spec.source.name,
      ...(spec.source.entries !== undefined ? { entries: spec.source.entries } : {}),
      skipped: spec.source.skipped,
    },
    progress: {
      ...(total !== undefined ? { total } : {}),
      ...counts,
      ratePerMinute: Math.round((totals?.articlesPerMinute ?? progress?.perMinute ?? 0) * 10) / 10,
      ...(running && progress?.etaMs !== undefined ? { etaSeconds: Math.ceil(progress.etaMs / 1000) } : {}),
    },
    ...(totals ? { totals } : {}),
    ...(record.error ? { error: record.error } : {}),
    createdAt: iso(record.createdAt)!,
    ...(record.startedAt ? { startedAt: iso(record.startedAt) } : {}),
    ...(record.finishedAt ? { finishedAt: iso(record.finishedAt) } : {}),
    ...(record.expiresAt ? { expiresAt: iso(record.expiresAt) } : {}),
    links: batchLinks(record.id),
  };
}
