/**
 * How `readout batch` (and bench/batch.ts) run their Node process: a capped old generation and small
 * young-generation spaces, and at most two malloc arenas. V8 sizes its heap from the limit; without one, a long
 * batch lets garbage grow to several hundred MB before collecting it, and glibc's per-thread arenas (sharp's
 * threads) hold freed native memory. Measured on 110 corpus articles to PDF+EPUB+SSML: Node's PSS 801 → 536 MB
 * at the same speed.
 */

/** Node flags for a batch process with a heap of `heapMb` (none when 0). */
export function batchNodeFlags(heapMb: number): string[] {
  return heapMb > 0 ? ['--max-semi-space-size=8', `--max-old-space-size=${heapMb}`] : [];
}

/** The environment of a batch child: the caller's, MALLOC_ARENA_MAX=2 unless set, and the child marker. */
export function batchChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', ...env, [BATCH_CHILD]: '1' };
}

/** Set in the child, so that it does not start another. */
export const BATCH_CHILD = 'READOUT_BATCH_CHILD';
