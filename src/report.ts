/**
 * A run report: warnings and notes collected while reading, transforming and writing one article.
 * Only fatal problems throw; everything else ends up here, in the manifest and the API response.
 */

export type Severity = 'warning' | 'info';

export interface ReportMessage {
  /** Where it came from and what it is, e.g. `images:fetch-failed`, `read:text:no-title`. */
  origin: string;
  severity: Severity;
  message: string;
  /** The block the message is about, when there is one. */
  blockId?: string;
}

export class Report {
  readonly messages: ReportMessage[] = [];

  warn(origin: string, message: string, blockId?: string): void {
    this.messages.push({ origin, severity: 'warning', message, ...(blockId ? { blockId } : {}) });
  }

  info(origin: string, message: string, blockId?: string): void {
    this.messages.push({ origin, severity: 'info', message, ...(blockId ? { blockId } : {}) });
  }

  get warnings(): ReportMessage[] {
    return this.messages.filter((m) => m.severity === 'warning');
  }
}
