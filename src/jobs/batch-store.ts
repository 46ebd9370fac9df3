/**
 * Batch records in SQLite: a `batches` table in the same database file as the export jobs
 * (`<data>/readout.sqlite`, WAL, so this second connection and the job store's share it safely). One row
 * per batch: who owns it, its request, where it is, its latest progress and its totals. Survives restarts:
 * queued, running and interrupted batches are resumed when the service starts.
 */
import type Database from 'better-sqlite3';
import type { BatchProgress, BatchTotals } from '../batch/manifest.js';
import type { SourceKind } from '../batch/source-types.js';
import { openDatabase } from './sqlite.js';
import type { JobError } from './types.js';

export const BATCH_STATES = ['queued', 'running', 'complete', 'interrupted', 'failed'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** What was asked for, as stored (checked before the batch was accepted). */
export interface BatchSpec {
  formats: string[];
  options: Record<string, Record<string, unknown>>;
  anthology?: { path: string; options: Record<string, unknown> };
  source: {
    kind: SourceKind;
    /** The upload's file name (also the stored input's name inside the batch folder). */
    name: string;
    entries: number | undefined;
    skipped: number;
  };
}

export interface BatchRecord {
  id: string;
  /** The API key hash that created it ('' without keys). */
  owner: string;
  state: BatchState;
  spec: BatchSpec;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  expiresAt?: number;
  /** Runs started so far (a resume after a restart is a new run). */
  runs: number;
  progress?: BatchProgress;
  totals?: BatchTotals;
  error?: JobError;
}

interface Row {
  id: string;
  owner: string;
  state: string;
  spec: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  expires_at: number | null;
  runs: number;
  progress: string | null;
  totals: string | null;
  error: string | null;
}

const json = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

function toRecord(row: Row): BatchRecord {
  const progress = json<BatchProgress>(row.progress);
  const totals = json<BatchTotals>(row.totals);
  const error = json<JobError>(row.error);
  return {
    id: row.id,
    owner: row.owner,
    state: (BATCH_STATES as readonly string[]).includes(row.state) ? (row.state as BatchState) : 'failed',
    spec: JSON.parse(row.spec) as BatchSpec,
    createdAt: row.created_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    runs: row.runs,
    ...(progress ? { progress } : {}),
    ...(totals ? { totals } : {}),
    ...(error ? { error } : {}),
  };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  state TEXT NOT NULL,
  spec TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  expires_at INTEGER,
  runs INTEGER NOT NULL DEFAULT 0,
  progress TEXT,
  totals TEXT,
  error TEXT
);
CREATE INDEX IF NOT EXISTS batches_owner ON batches (owner, created_at);
CREATE INDEX IF NOT EXISTS batches_state ON batches (state, created_at);
CREATE INDEX IF NOT EXISTS batches_expires ON batches (expires_at);
`;

export class BatchStore {
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = openDatabase(path, SCHEMA);
  }

  insert(record: Pick<BatchRecord, 'id' | 'owner' | 'spec' | 'createdAt'>): void {
    this.#db
      .prepare(
        `INSERT INTO batches (id, owner, state, spec, created_at, runs) VALUES (?, ?, 'queued', ?, ?, 0)`,
      )
      .run(record.id, record.owner, JSON.stringify(record.spec), record.createdAt);
  }

  get(id: string): BatchRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** The owner's batches, newest first. */
  list(owner: string, limit: number, before?: number): BatchRecord[] {
    return (
      this.#db
        .prepare(
          `SELECT * FROM batches WHERE owner = ? AND created_at < ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
        )
        .all(owner, before ?? Number.MAX_SAFE_INTEGER, limit) as Row[]
    ).map(toRecord);
  }

  /** Batches to run: queued, left running by a process that stopped, or interrupted by a shutdown. */
  unfinished(): BatchRecord[] {
    return (
      this.#db
        .prepare(
          `SELECT * FROM batches WHERE state IN ('queued', 'running', 'interrupted') ORDER BY created_at, rowid`,
        )
        .all() as Row[]
    ).map(toRecord);
  }

  activeCount(): number {
    return (
      this.#db
        .prepare(`SELECT count(*) AS n FROM batches WHERE state IN ('queued', 'running', 'interrupted')`)
        .get() as { n: number }
    ).n;
  }

  /** A new run starts; returns its number (1 for the first). */
  markRunning(id: string, now: number): number {
    const row = this.#db
      .prepare(
        `UPDATE batches SET state = 'running', started_at = coalesce(started_at, ?), runs = runs + 1
         WHERE id = ? RETURNING runs`,
      )
      .get(now, id) as { runs: number } | undefined;
    return row?.runs ?? 0;
  }

  setProgress(id: string, progress: BatchProgress): void {
    this.#db.prepare('UPDATE batches SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
  }

  /** Stopped by a shutdown before the end: resumed at the next start. */
  markInterrupted(id: string): void {
    this.#db.prepare(`UPDATE batches SET state = 'interrupted' WHERE id = ? AND state = 'running'`).run(id);
  }

  markComplete(id: string, totals: BatchTotals, now: number, ttlMs: number): void {
    this.#db
      .prepare(
        `UPDATE batches SET state = 'complete', totals = ?, finished_at = ?, expires_at = ? WHERE id = ?`,
      )
      .run(JSON.stringify(totals), now, now + ttlMs, id);
  }

  markFailed(id: string, error: JobError, now: number, ttlMs: number): void {
    this.#db
      .prepare(`UPDATE batches SET state = 'failed', error = ?, finished_at = ?, expires_at = ? WHERE id = ?`)
      .run(JSON.stringify(error), now, now + ttlMs, id);
  }

  delete(id: string): boolean {
    return this.#db.prepare('DELETE FROM batches WHERE id = ?').run(id).changes > 0;
  }

  /** Ids of finished batches whose time is up. */
  expired(now: number): string[] {
    return (
      this.#db
        .prepare('SELECT id FROM batches WHERE expires_at IS NOT NULL AND expires_at <= ?')
        .all(now) as { id: string }[]
    ).map((r) => r.id);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
