/**
 * Downloads of a finished job: one file (Content-Type from the writer, Content-Disposition, Range and
 * conditional requests through `send`, a strong ETag from the file's sha256), or every file as a zip
 * streamed by archiver, with manifest.json and report.json.
 */
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { ZipArchive } from 'archiver';
import type { Response } from 'express';
import { NotFoundError } from '../errors.js';
import type { FileStore } from '../jobs/files.js';
import type { JobRecord } from '../jobs/types.js';
import type { Logger } from '../log.js';
import { VERSION } from '../version.js';

export class NotFinishedError extends NotFoundError {}

function finished(record: JobRecord) {
  if (record.state !== 'done' || !record.result) {
    throw new NotFinishedError(
      'job/not-finished',
      `The job has no files${record.state === 'failed' ? ': it failed' : ` yet (status: ${record.state})`}.`,
    );
  }
  return record.result;
}

export function sendJobFile(res: Response, record: JobRecord, name: string, files: FileStore): Promise<void> {
  const result = finished(record);
  const file = result.files.find((f) => f.name === name);
  if (!file) {
    throw new NotFoundError(
      'job/unknown-file',
      `The job has no file "${name}"; it has: ${result.files.map((f) => f.name).join(', ')}.`,
    );
  }
  res.attachment(posix.basename(file.name));
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('Cache-Control', 'private, max-age=0, must-revalidate');
  return new Promise((resolve, reject) => {
    res.sendFile(
      files.outputPath(record.id, file.name),
      { etag: false, lastModified: false, dotfiles: 'allow' },
      (error) => {
        if (error && !res.headersSent) reject(error);
        else resolve();
      },
    );
  });
}

/** The manifest of a job's files (the same fields as `readout export` writes). */
export function jobManifest(record: JobRecord) {
  const result = finished(record);
  return {
    readout: VERSION,
    job: record.id,
    input: { name: record.input.name ?? null, format: result.inputFormat },
    article: result.article,
    files: result.files.map((f) => ({
      format: f.format,
      name: f.name,
      mediaType: f.mediaType,
      bytes: f.size,
      sha256: f.sha256,
    })),
    warnings: result.warnings,
    accessibilityReport: 'report.json',
  };
}

export function sendJobArchive(res: Response, record: JobRecord, files: FileStore, logger: Logger): void {
  const result = finished(record);
  const zip = new ZipArchive({ zlib: { level: 6 } });
  res.attachment(`${result.article.id || record.id}.zip`);
  res.setHeader('Content-Type', 'application/zip');
  zip.on('error', (error) => {
    logger.error({ err: error, job: record.id }, 'zip stream failed');
    res.destroy(error);
  });
  zip.on('warning', (error) => logger.warn({ err: error, job: record.id }, 'zip stream warning'));
  zip.pipe(res);
  for (const file of result.files) {
    zip.append(createReadStream(files.outputPath(record.id, file.name)), { name: file.name });
  }
  zip.append(`${JSON.stringify(jobManifest(record), null, 2)}\n`, { name: 'manifest.json' });
  zip.append(`${JSON.stringify(result.accessibility, null, 2)}\n`, { name: 'report.json' });
  void zip.finalize();
}
