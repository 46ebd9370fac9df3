/**
 * Job records in SQLite (better-sqlite3 12; version 13 needs Node 22). One row per job; the API's record
 * of who owns a job, where it is, and its result. Survives restarts: queued and running jobs resume.
 */
import type Database from 'better-sqlite3';
import { LimitError } from '../errors.js';
import { openDatabase } from './sqlite.js';
import { JOB_STATES, type JobError, type JobRecord, type JobResult, type JobState } from './types.js';

interface Row {
  id: string;
  owner: string;
  state: string;
  formats: string;
  options: string;
  input: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  expires_at: number | null;
  attempts: number;
  result: string | null;
  error: string | null;
}

function toRecord(row: Row): JobRecord {
  return {
    id: row.id,
    owner: row.owner,
    state: (JOB_STATES as readonly string[]).includes(row.state) ? (row.state as JobState) : 'failed',
    formats: JSON.parse(row.formats) as string[],
    options: JSON.parse(row.options) as JobRecord['options'],
    input: JSON.parse(row.input) as JobRecord['input'],
    createdAt: row.created_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    attempts: row.attempts,
    ...(row.result !== null ? { result: JSON.parse(row.result) as JobResult } : {}),
    ...(row.error !== null ? { error: JSON.parse(row.error) as JobError } : {}),
  };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  state TEXT NOT NULL,
  formats TEXT NOT NULL,
  options TEXT NOT NULL,
  input TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  expires_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  run_after INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  error TEXT
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, run_after, created_at);
CREATE INDEX IF NOT EXISTS jobs_expires ON jobs (expires_at);
`;

export class JobStore {
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = openDatabase(path, SCHEMA);
  }

  /** Adds a queued job, refusing it when `maxActive` jobs are already queued or running. */
  insert(record: JobRecord, maxActive: number): void {
    const add = this.#db.transaction(() => {
      const active = this.activeCount();
      if (active >= maxActive) {
        throw new LimitError(
          'limit/queue-full',
          `The export queue is full (${active} jobs waiting or running, limit ${maxActive}); try again later.`,
        );
      }
      this.#db
        .prepare(
          `INSERT INTO jobs (id, owner, state, formats, options, input, created_at, attempts)
           VALUES (?, ?, 'queued', ?, ?, ?, ?, 0)`,
        )
        .run(
          record.id,
          record.owner,
          JSON.stringify(record.formats),
          JSON.stringify(record.options),
          JSON.stringify(record.input),
          record.createdAt,
        );
    });
    add();
  }

  get(id: string): JobRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  activeCount(): number {
    return (
      this.#db.prepare(`SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'running')`).get() as {
        n: number;
      }
    ).n;
  }

  /** Queued jobs whose retry delay has passed, oldest first. */
  runnable(now: number, limit = 500): JobRecord[] {
    return (
      this.#db
        .prepare(
          `SELECT * FROM jobs WHERE state = 'queued' AND run_after <= ? ORDER BY created_at, rowid LIMIT ?`,
        )
        .all(now, limit) as Row[]
    ).map(toRecord);
  }

  /** The earliest time a delayed queued job becomes runnable, if any. */
  nextRunAfter(now: number): number | undefined {
    const row = this.#db
      .prepare(`SELECT min(run_after) AS t FROM jobs WHERE state = 'queued' AND run_after > ?`)
      .get(now) as { t: number | null };
    return row.t ?? undefined;
  }

  /** Jobs not finished (queued or running), oldest first. */
  unfinished(): JobRecord[] {
    return (
      this.#db
        .prepare(`SELECT * FROM jobs WHERE state IN ('queued', 'running') ORDER BY created_at, rowid`)
        .all() as Row[]
    ).map(toRecord);
  }

  /** After a restart: every job that was running goes back to the queue (its attempt not counted). */
  requeueRunning(): number {
    return this.#db
      .prepare(
        `UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), started_at = NULL WHERE state = 'running'`,
      )
      .run().changes;
  }

  markRunning(id: string, now: number, attempts?: number): void {
    this.#db
      .prepare(
        `UPDATE jobs SET state = 'running', started_at = ?, attempts = coalesce(?, attempts + 1)
         WHERE id = ? AND state IN ('queued', 'running')`,
      )
      .run(now, attempts ?? null, id);
  }

  /** Back to the queue, runnable from `runAfter`; `countAttempt: false` for a job stopped by shutdown. */
  requeue(id: string, runAfter: number, countAttempt: boolean): void {
    this.#db
      .prepare(
        `UPDATE jobs SET state = 'queued', run_after = ?, started_at = NULL,
           attempts = CASE WHEN ? THEN attempts ELSE max(attempts - 1, 0) END
         WHERE id = ? AND state = 'running'`,
      )
      .run(runAfter, countAttempt ? 1 : 0, id);
  }

  markDone(id: string, result: JobResult, now: number, ttlMs: number): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE jobs SET state = 'done', result = ?, error = NULL, finished_at = ?, expires_at = ?
           WHERE id = ? AND state IN ('queued', 'running')`,
        )
        .run(JSON.stringify(result), now, now + ttlMs, id).changes > 0
    );
  }

  markFailed(id: string, error: JobError, now: number, ttlMs: number, attempts?: number): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE jobs SET state = 'failed', error = ?, finished_at = ?, expires_at = ?,
             attempts = coalesce(?, attempts)
           WHERE id = ? AND state IN ('queued', 'running')`,
        )
        .run(JSON.stringify(error), now, now + ttlMs, attempts ?? null, id).changes > 0
    );
  }

  delete(id: string): boolean {
    return this.#db.prepare('DELETE FROM jobs WHERE id = ?').run(id).changes > 0;
  }

  /** Ids of finished jobs whose time is up. */
  expired(now: number): string[] {
    return (
      this.#db.prepare('SELECT id FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ?').all(now) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /** Jobs by state and output format (a job with two formats counts once for each). */
  countsByStateAndFormat(): { state: string; format: string; count: number }[] {
    return this.#db
      .prepare(
        `SELECT jobs.state AS state, f.value AS format, count(*) AS count
         FROM jobs, json_each(jobs.formats) AS f GROUP BY jobs.state, f.value`,
      )
      .all() as { state: string; format: string; count: number }[];
  }

  /** A cheap query that fails when the database is unusable (readiness). */
  ping(): void {
    this.#db.prepare('SELECT 1').get();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
