/** BullMQ connection settings from REDIS_URL, shared by the service's queue and the workers. */
import type { ConnectionOptions } from 'bullmq';
import type { JobError } from './types.js';

export function redisConnection(url: string): ConnectionOptions {
  // maxRetriesPerRequest null: BullMQ workers block on Redis and must not give up on a slow reply.
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** Job failures cross Redis as a JSON `failedReason` (BullMQ keeps only a message string). */
export function encodeJobError(error: JobError): string {
  return JSON.stringify(error);
}

export function decodeJobError(reason: string | undefined): JobError {
  if (reason) {
    try {
      const parsed = JSON.parse(reason) as Partial<JobError>;
      if (typeof parsed.code === 'string' && typeof parsed.message === 'string') return parsed as JobError;
    } catch {
      // a plain message (from BullMQ itself, e.g. a stalled job over its limit)
    }
  }
  return { code: 'internal/job-failed', message: reason || 'The export job failed.' };
}
