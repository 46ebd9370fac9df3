/**
 * The child process of svg-rasteriser.ts: rasterises SVG to PNG with sharp (librsvg, pango, cairo) for its
 * parent over the IPC channel, and exits when the parent goes away (the channel closes even when the parent
 * is killed). Messages in: { id, svg }; out: { id, png } or { id, error }.
 */
import sharp from 'sharp';

sharp.cache(false);

interface Request {
  id: number;
  svg: string;
}

process.on('message', (message: Request) => {
  sharp(Buffer.from(message.svg))
    .png()
    .toBuffer()
    .then(
      (png) => process.send?.({ id: message.id, png }),
      (error: unknown) =>
        process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
