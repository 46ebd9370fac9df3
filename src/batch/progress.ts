/**
 * Batch progress for people: a progress bar (cli-progress) with count, rate, ETA and failures when the
 * stream is a terminal; plain log lines otherwise (one per entry, so logs and CI output stay readable).
 */
import cliProgress from 'cli-progress';
import type { BatchEvent, BatchProgress, ManifestEntry } from './manifest.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporter {
  onEvent(event: BatchEvent): void;
  /** Stops the bar (safe to call twice). */
  stop(): void;
}

function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function counts(p: BatchProgress): string {
  const total = p.total === undefined ? '?' : String(p.total);
  return `${p.finished}/${total}`;
}

function entryLine(entry: ManifestEntry, p: BatchProgress): string {
  const head = `readout: batch: [${counts(p)}]`;
  if (entry.status === 'failed') {
    return `${head} FAILED ${entry.input}: ${entry.error?.message ?? 'unknown error'} (${entry.error?.code ?? '?'})\n`;
  }
  const title = entry.article?.title ? ` "${entry.article.title.slice(0, 60)}"` : '';
  const what = entry.status === 'cached' ? 'cached' : 'done';
  return `${head} ${what} ${entry.input}${title} → ${entry.folder}/ · ${p.perMinute.toFixed(1)}/min · ETA ${duration(p.etaMs)}\n`;
}

/** Plain lines: start, one line per entry (failures with their message), totals. */
export function lineReporter(stream: ProgressStream): ProgressReporter {
  return {
    onEvent(event) {
      switch (event.type) {
        case 'start':
          stream.write(
            `readout: batch: ${event.source.kind} ${event.source.path}: ${event.total ?? '?'} entries → ${event.formats.join(', ')}\n`,
          );
          break;
        case 'entry':
          stream.write(entryLine(event.entry, event.progress));
          break;
        case 'anthology':
          stream.write(
            event.anthology.error
              ? `readout: batch: anthology ${event.anthology.name} FAILED: ${event.anthology.error.message}\n`
              : `readout: batch: anthology ${event.anthology.name}: ${event.anthology.articles} articles, ${event.anthology.bytes} bytes\n`,
          );
          break;
        case 'finish':
          break;
      }
    },
    stop() {},
  };
}

/** A progress bar; failures are printed above it as they happen (MultiBar, the one with a log). */
export function barReporter(stream: ProgressStream): ProgressReporter {
  const multi = new cliProgress.MultiBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: 'readout batch |{bar}| {value}/{total} · {rate}/min · ETA {eta_left} · {failed} failed',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let stopped = false;
  const stop = () => {
    if (!stopped) {
      multi.update(); // prints log lines still buffered (failures of the last entries)
      multi.stop();
    }
    stopped = true;
  };
  return {
    onEvent(event) {
      if (event.type === 'start') {
        bar = multi.create(event.total ?? 0, 0, { rate: '0.0', eta_left: '?', failed: 0 });
      } else if (event.type === 'entry' && bar) {
        const p = event.progress;
        if (event.entry.status === 'failed') {
          multi.log(`failed: ${event.entry.input}: ${event.entry.error?.message ?? '?'}\n`);
        }
        if (p.total === undefined) bar.setTotal(p.finished);
        bar.update(p.finished, {
          rate: p.perMinute.toFixed(1),
          eta_left: duration(p.etaMs),
          failed: p.failed,
        });
      } else if (event.type === 'finish' || event.type === 'anthology') {
        stop();
      }
    },
    stop,
  };
}

/** The bar on a terminal, lines otherwise. */
export function progressReporter(stream: ProgressStream): ProgressReporter {
  return stream.isTTY ? barReporter(stream) : lineReporter(stream);
}
