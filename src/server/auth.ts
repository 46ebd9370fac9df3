/**
 * API keys: from READOUT_API_KEYS and READOUT_API_KEYS_FILE. When there are any, every /v1 call needs
 * `Authorization: Bearer <key>`; the job owner is a hash of the key (keys themselves are never stored).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { type Config, ConfigError } from '../config.js';
import { problem, sendProblem } from './problem.js';

/** Every configured key; the file is read once, at start (a missing file stops start-up). */
export function loadApiKeys(config: Pick<Config, 'apiKeys' | 'apiKeysFile'>): string[] {
  const keys = [...config.apiKeys];
  if (config.apiKeysFile) {
    let text: string;
    try {
      text = readFileSync(config.apiKeysFile, 'utf8');
    } catch (error) {
      throw new ConfigError([`READOUT_API_KEYS_FILE=${config.apiKeysFile}: ${(error as Error).message}`]);
    }
    const problems: string[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      const key = line.trim();
      if (!key || key.startsWith('#')) return;
      if (key.length < 16 || /\s/.test(key)) {
        problems.push(`READOUT_API_KEYS_FILE line ${i + 1}: a key must be at least 16 characters, no spaces`);
      } else keys.push(key);
    });
    if (problems.length) throw new ConfigError(problems);
  }
  return keys;
}

export function ownerOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** The owner of the request (set by `requireKey`): '' when the service has no keys. */
export function requestOwner(res: Response): string {
  return typeof res.locals.owner === 'string' ? res.locals.owner : '';
}

/** Needs one of `keys` as a Bearer token (none configured: open); `what` names the credential in refusals. */
export function requireKey(keys: readonly string[], what = 'an API key') {
  const owners = new Set(keys.map(ownerOf));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (owners.size === 0) {
      res.locals.owner = '';
      next();
      return;
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="readout"');
      sendProblem(
        res,
        req,
        problem(401, 'auth/missing', `This service needs ${what}: send "Authorization: Bearer <key>".`),
      );
      return;
    }
    // Compared as hashes, so the lookup time says nothing about the keys.
    const owner = ownerOf(m[1]!);
    if (!owners.has(owner)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="readout", error="invalid_token"');
      sendProblem(
        res,
        req,
        problem(403, 'auth/invalid-key', `The key is not valid for this service (${what} is needed).`),
      );
      return;
    }
    res.locals.owner = owner;
    next();
  };
}
