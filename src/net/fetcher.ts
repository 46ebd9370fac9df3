/** The fetching contract used by readers and transforms (implemented by `safe-fetch.ts`, faked in tests). */

export interface FetchOptions {
  /** Largest body accepted, in bytes (LimitError past it). */
  maxBytes?: number;
  timeoutMs?: number;
  /** Value of the Accept header. */
  accept?: string;
  signal?: AbortSignal;
}

export interface FetchedResource {
  /** The final URL after redirects. */
  url: string;
  status: number;
  /** The Content-Type header, as sent. */
  contentType: string | undefined;
  body: Uint8Array;
}

export interface Fetcher {
  fetch(url: string, options?: FetchOptions): Promise<FetchedResource>;
}
