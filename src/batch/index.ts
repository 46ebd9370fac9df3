/**
 * Batch export: the public surface used by `readout batch`, and to be used by the HTTP batch routes and a
 * BullMQ fan-out. Open a source, pick a sink, call runBatch (or batchEvents for a stream of events); to run
 * entries elsewhere, pass a RunEntry whose far side calls exportEntryToCache into the shared cache folder.
 */
export {
  ArchiveBudget,
  type ArchiveLimits,
  DEFAULT_ARCHIVE_LIMITS,
  safeEntryPath,
} from './archive-safety.js';
export { CACHE_FOLDER, type CachedFile, type CachedRecord, cacheKey, ResultCache } from './cache.js';
export { closeBatchEngines, preparePdfPool } from './engines.js';
export {
  type EntryEnv,
  type EntryError,
  type EntryJob,
  type EntryOutcome,
  entryError,
  exportEntryToCache,
  inlineRunner,
  type RunEntry,
} from './entry.js';
export type {
  AnthologyResult,
  BatchEvent,
  BatchManifest,
  BatchProgress,
  BatchTotals,
  EntryStatus,
  ManifestEntry,
  ManifestFile,
} from './manifest.js';
export { progressReporter } from './progress.js';
export { type BatchDeps, type BatchRequest, batchEvents, runBatch } from './run.js';
export { type BatchSink, directorySink, zipFileSink, zipStreamSink } from './sink.js';
export {
  type BatchSource,
  detectSourceKind,
  lineEntries,
  openBatchSource,
  parseSourceKind,
  SOURCE_KINDS,
  type SourceEntry,
  type SourceKind,
  type SourceOptions,
  sourceOf,
} from './sources.js';
export { createThreadRunner, type ThreadRunner, type ThreadRunnerOptions } from './threads.js';
