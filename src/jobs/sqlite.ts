/**
 * Opening the service's SQLite database (better-sqlite3): the folder made, write-ahead logging (readers do
 * not wait for the writer), a busy timeout for the other connections to the same file (the job and batch
 * stores, `readout worker` processes sharing the data folder), and the caller's schema applied.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export function openDatabase(path: string, schema: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(schema);
  return db;
}
