/**
 * eSpeak NG as a TTS engine: the Debian `espeak-ng` program, one process per request (SSML mode, the
 * request on stdin, WAV on stdout). A process costs about 25 ms and speaks a sentence 100–200 times
 * faster than real time, so no long-lived process is kept (eSpeak has no way to mark where one request's
 * audio ends in a shared output stream). The WebAssembly build (`espeak-ng` on npm) is not used: it is
 * not a dependency, and the Debian package is in the system tool list and the Docker image.
 */
import { spawn } from 'node:child_process';
import { RenderError } from '../../../errors.js';
import { parseWav } from '../wav.js';
import type { Pcm, SpeechRequest, TtsEngine } from './types.js';

export const ESPEAK_INSTALL = 'apt-get install -y espeak-ng';

export interface EspeakSettings {
  /** The program (default `espeak-ng`, found on the PATH). */
  binary?: string;
  /** Speaking rate in words per minute (eSpeak's default is 175). */
  rate?: number;
  /** Longest time one request may take. */
  timeoutMs?: number;
}

export class EspeakEngine implements TtsEngine {
  readonly dialect = 'espeak' as const;
  readonly label = 'eSpeak NG';
  readonly id: string;
  private readonly binary: string;
  private readonly rate: number;
  private readonly timeoutMs: number;

  constructor(settings: EspeakSettings = {}) {
    this.binary = settings.binary ?? 'espeak-ng';
    this.rate = Math.round(settings.rate ?? 175);
    this.timeoutMs = settings.timeoutMs ?? 30_000;
    this.id = `espeak-ng|rate=${this.rate}`;
  }

  synthesize(request: SpeechRequest): Promise<Pcm> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, ['-m', '--stdin', '--stdout', '-s', String(this.rate)], {
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: this.timeoutMs,
        killSignal: 'SIGKILL',
      });
      const out: Buffer[] = [];
      let err = '';
      let failed = false;
      const fail = (error: RenderError) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        if (err.length < 2000) err += chunk.toString();
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        fail(
          error.code === 'ENOENT'
            ? new RenderError(
                'render/tts-missing',
                `The speech engine ${this.binary} is not installed; install it with: ${ESPEAK_INSTALL}`,
              )
            : new RenderError('render/tts-failed', `${this.binary} could not be started: ${error.message}`),
        );
      });
      // A process that dies before reading all of its input closes the pipe: reported by 'close'.
      child.stdin.on('error', () => {});
      child.on('close', (code, signal) => {
        if (failed) return;
        if (code !== 0) {
          fail(
            new RenderError(
              'render/tts-failed',
              signal === 'SIGKILL'
                ? `${this.binary} took longer than ${this.timeoutMs} ms for one sentence.`
                : `${this.binary} failed (exit ${code ?? signal}): ${err.trim().slice(0, 500)}`,
            ),
          );
          return;
        }
        try {
          resolve(parseWav(Buffer.concat(out)));
        } catch (error) {
          fail(error as RenderError);
        }
      });
      child.stdin.end(request.ssml);
    });
  }
}
