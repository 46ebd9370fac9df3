/**
 * The real EPUB validators, as tests run them: EPUBCheck (its fatal errors, errors and warnings) and Ace by
 * DAISY (its failed assertions) on an EPUB file. A validator that is not installed throws with the command
 * that installs it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { resolveChromium } from '../../src/engines/chromium-path.js';
import { projectRoot } from './corpus.js';

const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';
const ACE = join(projectRoot, 'node_modules', '.bin', 'ace-puppeteer');

export interface Finding {
  id: string;
  severity: string;
  message: string;
  where: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}

async function runJava(args: string[]): Promise<string> {
  try {
    return await run('java', args);
  } catch (error) {
    throw new Error(`Cannot run java for EPUBCheck (${String(error)}): apt-get install -y epubcheck`);
  }
}

let chromium: Promise<string> | undefined;

/** EPUBCheck's fatal errors, errors and warnings for an EPUB file. */
export async function epubcheck(file: string): Promise<Finding[]> {
  if (!existsSync(EPUBCHECK_JAR)) {
    throw new Error(`EPUBCheck is not installed (${EPUBCHECK_JAR} is missing): apt-get install -y epubcheck`);
  }
  const json = `${file}.epubcheck.json`;
  await runJava(['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', EPUBCHECK_JAR, file, '--json', json]);
  if (!existsSync(json)) throw new Error('EPUBCheck wrote no report');
  const report = JSON.parse(readFileSync(json, 'utf8')) as {
    messages: {
      ID: string;
      severity: string;
      message: string;
      locations: { path: string; line: number }[];
    }[];
  };
  return report.messages
    .filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity))
    .map((m) => ({
      id: m.ID,
      severity: m.severity,
      message: m.message,
      where: m.locations.map((l) => `${l.path}:${l.line}`).join(', '),
    }));
}

/** Ace by DAISY's failed assertions (violations) for an EPUB file. */
export async function ace(file: string): Promise<Finding[]> {
  if (!existsSync(ACE)) throw new Error(`Ace by DAISY is not installed (${ACE} is missing): npm ci`);
  chromium ??= resolveChromium({ chromiumPath: loadConfig().chromiumPath }).then((c) => c.executablePath);
  const out = `${file}.ace`;
  const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: await chromium, ACE_TIMEOUT_INITIAL: '60000' };
  const output = await run(ACE, ['-E', '-s', '-f', '-o', out, file], env);
  const reportFile = join(out, 'report.json');
  if (!existsSync(reportFile)) throw new Error(`Ace wrote no report: ${output.slice(-2000)}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    assertions: {
      'earl:testSubject': { url: string };
      assertions?: {
        'earl:test': { 'dct:title': string; 'earl:impact': string };
        'earl:result': { 'earl:outcome': string; 'dct:description': string };
      }[];
    }[];
  };
  return report.assertions.flatMap((doc) =>
    (doc.assertions ?? [])
      .filter((a) => a['earl:result']['earl:outcome'] === 'fail')
      .map((a) => ({
        id: a['earl:test']['dct:title'],
        severity: a['earl:test']['earl:impact'],
        message: a['earl:result']['dct:description'],
        where: doc['earl:testSubject'].url,
      })),
  );
}

export function listFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.id}: ${f.message} (${f.where})`).join('\n');
}
