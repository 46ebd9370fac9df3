/**
 * Prometheus metrics (prom-client, one registry per app): HTTP request durations, export jobs by state
 * and format, job durations and outcomes, queue depth, conversion slots, PDF browser restarts, and the
 * process defaults.
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { pdfPoolStats } from '../jobs/engines.js';
import type { ExportService } from '../jobs/service.js';
import type { FormatSlots } from '../jobs/slots.js';

export interface Metrics {
  registry: Registry;
  /** Times every request, labelled by its route pattern (never by its path, which holds job ids). */
  http(req: Request, res: Response, next: NextFunction): void;
}

export function createMetrics(deps: { service?: ExportService | undefined; slots: FormatSlots }): Metrics {
  const { service, slots } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'readout_' });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: 'readout_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  new Gauge({
    name: 'readout_jobs',
    help: 'Export jobs in the store by state and output format (a job counts once per format).',
    labelNames: ['state', 'format'],
    registers,
    collect() {
      this.reset();
      if (!service) return;
      try {
        for (const c of service.store.countsByStateAndFormat()) {
          this.set({ state: c.state, format: c.format }, c.count);
        }
      } catch {
        // store closed (shutting down)
      }
    },
  });

  const jobDuration = new Histogram({
    name: 'readout_job_duration_seconds',
    help: 'Time of the last attempt of finished export jobs, by output format and outcome.',
    labelNames: ['format', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers,
  });
  const jobsFinished = new Counter({
    name: 'readout_jobs_finished_total',
    help: 'Export jobs finished, by output format and outcome (done or failed).',
    labelNames: ['format', 'outcome'],
    registers,
  });
  service?.events.on('finished', (e) => {
    for (const format of e.formats) {
      jobDuration.observe({ format, outcome: e.outcome }, e.durationMs / 1000);
      jobsFinished.inc({ format, outcome: e.outcome });
    }
  });

  new Gauge({
    name: 'readout_queue_depth',
    help: 'Export jobs waiting to run.',
    registers,
    async collect() {
      if (!service) return;
      try {
        this.set(await service.queue.depth());
      } catch {
        // queue unreachable: leave the last value
      }
    },
  });

  new Gauge({
    name: 'readout_convert_slots',
    help: 'Jobs and synchronous conversions running or waiting for a slot, by output format.',
    labelNames: ['format', 'state'],
    registers,
    collect() {
      this.reset();
      for (const [format, s] of Object.entries(slots.stats())) {
        this.set({ format, state: 'running' }, s.running);
        this.set({ format, state: 'waiting' }, s.waiting);
        this.set({ format, state: 'limit' }, s.limit);
      }
    },
  });

  new Gauge({
    name: 'readout_browser_restarts',
    help: 'PDF browser replacements since start (cumulative), by reason: crash, memory or documents.',
    labelNames: ['reason'],
    registers,
    collect() {
      const stats = pdfPoolStats();
      if (!stats) return;
      for (const [reason, n] of Object.entries(stats.restarts)) this.set({ reason }, n);
    },
  });
  new Gauge({
    name: 'readout_browser_renders',
    help: 'PDF renders running and waiting in the browser pool.',
    labelNames: ['state'],
    registers,
    collect() {
      const stats = pdfPoolStats();
      if (!stats) return;
      this.set({ state: 'running' }, stats.running);
      this.set({ state: 'queued' }, stats.queued);
    },
  });

  return {
    registry,
    http(req, res, next) {
      const end = httpDuration.startTimer();
      res.on('finish', () => {
        const route = req.route?.path;
        end({
          method: req.method,
          route: typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched',
          status: String(res.statusCode),
        });
      });
      next();
    },
  };
}
