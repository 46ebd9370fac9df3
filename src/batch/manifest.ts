/** The batch manifest (`manifest.json` at the root of the output) and the progress figures of a run. */
import type { InputFormat } from '../read/index.js';
import type { ReportMessage } from '../report.js';
import type { EntryError } from './entry.js';
import type { SourceKind } from './source-types.js';

export interface ManifestFile {
  format: string;
  /** Path relative to the output root (`story/story.epub`). */
  name: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

export type EntryStatus = 'done' | 'cached' | 'failed';

export interface ManifestEntry {
  /** 1-based position in the source. */
  index: number;
  /** The entry's name in the source (relative path, JSONL line name, URL). */
  input: string;
  /** done: exported now; cached: finished by an earlier run (cache hit); failed: see error. */
  status: EntryStatus;
  /** The entry's folder in the output. */
  folder: string;
  inputFormat?: InputFormat;
  article?: { id: string; title: string; lang: string };
  files: ManifestFile[];
  /** The accessibility report of the entry (`folder/report.json`). */
  report?: string;
  warnings: ReportMessage[];
  error?: EntryError;
  cacheKey?: string;
  /** Time spent on the entry, in milliseconds. */
  ms: number;
}

export interface BatchTotals {
  entries: number;
  done: number;
  cached: number;
  failed: number;
  files: number;
  bytes: number;
  warnings: number;
  seconds: number;
  articlesPerMinute: number;
}

export interface AnthologyResult {
  name: string;
  articles: number;
  bytes?: number;
  sha256?: string;
  error?: EntryError;
}

export interface BatchManifest {
  readout: string;
  /** complete, or interrupted (aborted: the entries not listed were not started). */
  status: 'complete' | 'interrupted';
  startedAt: string;
  finishedAt: string;
  source: { path: string; kind: SourceKind; entries: number | undefined; skipped: number };
  output: string;
  formats: string[];
  totals: BatchTotals;
  anthology?: AnthologyResult;
  /** In source order. */
  entries: ManifestEntry[];
}

export interface BatchProgress {
  /** Entries in the source (undefined while not known). */
  total: number | undefined;
  finished: number;
  done: number;
  cached: number;
  failed: number;
  elapsedMs: number;
  /** Entries finished per minute so far. */
  perMinute: number;
  /** Estimated time left (undefined without a total or a rate). */
  etaMs: number | undefined;
}

export type BatchEvent =
  | {
      type: 'start';
      source: { path: string; kind: SourceKind };
      total: number | undefined;
      formats: string[];
    }
  | { type: 'entry'; entry: ManifestEntry; progress: BatchProgress }
  | { type: 'anthology'; anthology: AnthologyResult }
  | { type: 'finish'; manifest: BatchManifest };

export function totalsOf(entries: readonly ManifestEntry[], seconds: number): BatchTotals {
  const count = (status: EntryStatus) => entries.filter((e) => e.status === status).length;
  const files = entries.flatMap((e) => e.files);
  return {
    entries: entries.length,
    done: count('done'),
    cached: count('cached'),
    failed: count('failed'),
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    warnings: entries.reduce((sum, e) => sum + e.warnings.filter((w) => w.severity === 'warning').length, 0),
    seconds,
    articlesPerMinute: seconds > 0 ? (entries.length / seconds) * 60 : 0,
  };
}
