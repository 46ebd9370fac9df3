/**
 * A process that holds a PDF pool with a live browser and waits to be killed (pdf.test.ts kills it with
 * SIGKILL and checks that its browser does not outlive it). Prints `browser <pid>` once the browser has
 * printed a document.
 */
import { PdfPool } from '../../src/write/pdf/browser.js';

const pool = new PdfPool({ pages: 1 });
await pool.render('<!DOCTYPE html><html lang="en"><title>t</title><p>Waiting to be killed.</p></html>');
process.stdout.write(`browser ${await pool.browserPid()}\n`);
setInterval(() => undefined, 60_000);
