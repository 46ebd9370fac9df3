/**
 * sharp (libvips) as readout uses it: every module that decodes or rasterises pictures imports sharp from
 * here, so the process-wide settings below are made once, before the first picture.
 *
 * libvips keeps a cache of recent operations (by default up to 50 MB, 100 operations): it pays off when
 * the same picture is processed again, which an export never does (each article's pictures and each
 * cover's text are new; covers have their own cache of finished PNGs). In a batch it only held native
 * memory that glibc then could not give back.
 */
import sharp from 'sharp';

sharp.cache(false);

export default sharp;
export type { Metadata, Sharp } from 'sharp';
