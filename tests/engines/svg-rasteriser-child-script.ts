/**
 * Draws one picture with a rasteriser and then does nothing more (svg-rasteriser.test.ts): printing the
 * rasteriser's child pid. With `--hold` it then waits to be killed; without, it must end by itself.
 */
import { SvgRasteriser } from '../../src/engines/svg-rasteriser.js';

const rasteriser = new SvgRasteriser();
await rasteriser.render('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
process.stdout.write(`child ${rasteriser.pid}\n`);
if (process.argv.includes('--hold')) setInterval(() => undefined, 60_000);
