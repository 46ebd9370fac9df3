/**
 * The file store under READOUT_DATA_DIR: `jobs/<id>/input` (the request's article) and
 * `jobs/<id>/files/<name>` (the exported files). Shared by the service and its workers.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { RenderError } from '../errors.js';
import { safeRelativePath } from '../export.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isJobId(id: string): boolean {
  return UUID.test(id);
}

export interface StoredFile {
  name: string;
  bytes: Uint8Array;
}

export class FileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir);
  }

  jobDir(id: string): string {
    if (!isJobId(id)) throw new RenderError('internal/bad-job-id', `Not a job id: ${JSON.stringify(id)}.`);
    return join(this.root, 'jobs', id);
  }

  async writeInput(id: string, data: Uint8Array | string): Promise<void> {
    await mkdir(this.jobDir(id), { recursive: true });
    await writeFile(join(this.jobDir(id), 'input'), data);
  }

  readInput(id: string): Promise<Buffer> {
    return readFile(join(this.jobDir(id), 'input'));
  }

  /** Writes every file into a fresh folder, then renames it into place (a rerun replaces the old set whole). */
  async writeOutputs(id: string, files: readonly StoredFile[]): Promise<void> {
    const dir = this.jobDir(id);
    const tmp = join(dir, `files.tmp-${randomUUID()}`);
    try {
      for (const file of files) {
        const path = join(tmp, safeRelativePath(file.name));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.bytes);
      }
      await rm(join(dir, 'files'), { recursive: true, force: true });
      await rename(tmp, join(dir, 'files'));
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
  }

  /** The path of an exported file; `name` must come from the job's own file list. */
  outputPath(id: string, name: string): string {
    return join(this.jobDir(id), 'files', safeRelativePath(name));
  }

  async remove(id: string): Promise<void> {
    await rm(this.jobDir(id), { recursive: true, force: true });
  }
}
