/**
 * A process that holds a PDF pool with a live browser (pdf.test.ts). Prints `browser <pid>` once the browser
 * has printed a document; then waits to be killed, or with the argument `close` closes the pool and exits.
 */
import { PdfPool } from '../../src/write/pdf/browser.js';

const pool = new PdfPool({ pages: 1 });
await pool.render('<!DOCTYPE html><html lang="en"><title>t</title><p>Waiting to be killed.</p></html>');
process.stdout.write(`browser ${await pool.browserPid()}\n`);
if (process.argv[2] === 'close') await pool.close();
else setInterval(() => undefined, 60_000);
