/** What the service needs from a queue: the embedded one and the BullMQ one both provide it. */
import type { JobRecord } from './types.js';

export type Outcome = 'done' | 'failed';

export interface QueueEvents {
  /** A job ended for good (not a retried attempt); `durationMs` of its last attempt. */
  finished(record: Pick<JobRecord, 'id' | 'formats'>, outcome: Outcome, durationMs: number): void;
}

export interface JobQueue {
  readonly mode: 'embedded' | 'redis';
  /** Resumes jobs left queued or running by an earlier process, then starts taking jobs. */
  start(): Promise<void>;
  /** Hands a job, already recorded in the store as queued, to the queue. */
  enqueue(record: JobRecord): Promise<void>;
  /** Stops a job (its record and files are being deleted). */
  cancel(id: string): Promise<void>;
  /** Brings the store's record of an unfinished job up to date (BullMQ: from Redis). */
  refresh(record: JobRecord): Promise<void>;
  /** Jobs waiting in the queue itself (metrics). */
  depth(): Promise<number>;
  /** undefined when ready, else why not. */
  notReady(): Promise<string | undefined>;
  /** Stops taking jobs; running ones get `graceMs` to finish, the rest go back to the queue. */
  close(graceMs: number): Promise<void>;
}
