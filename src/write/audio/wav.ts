/**
 * RIFF/WAVE for 16-bit mono PCM: reading what an engine writes and writing the article's audio.
 * Hand-written (about 60 lines): no WAV package is among the dependencies and the format is a 44-byte header.
 */
import { endianness } from 'node:os';
import { RenderError } from '../../errors.js';
import type { Pcm } from './engines/types.js';

export const WAV_MEDIA_TYPE = 'audio/wav';

/** Typed arrays use the host's byte order; WAV is little-endian. */
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The samples of a PCM WAV file. eSpeak NG writing to a pipe cannot seek back to fill in the sizes, so it
 * leaves placeholders (0x7ffff000): a `data` chunk that claims more than there is runs to the end.
 */
export function parseWav(bytes: Uint8Array): Pcm {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 12 || b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') {
    throw new RenderError('render/tts-output', 'The speech engine did not return WAV audio.');
  }
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; tag: number } | undefined;
  while (offset + 8 <= b.length) {
    const id = b.toString('ascii', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= b.length) {
      format = {
        tag: b.readUInt16LE(body),
        channels: b.readUInt16LE(body + 2),
        sampleRate: b.readUInt32LE(body + 4),
        bits: b.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (format?.tag !== 1 || format.channels !== 1 || format.bits !== 16) {
        throw new RenderError(
          'render/tts-output',
          `The speech engine returned WAV audio that is not 16-bit mono PCM (${JSON.stringify(format ?? null)}).`,
        );
      }
      const length = Math.min(size, b.length - body) & ~1;
      const samples = new Int16Array(length >> 1);
      if (LITTLE_ENDIAN) {
        new Uint8Array(samples.buffer).set(b.subarray(body, body + length));
      } else {
        for (let i = 0; i < samples.length; i++) samples[i] = b.readInt16LE(body + 2 * i);
      }
      return { samples, sampleRate: format.sampleRate };
    }
    offset = body + size + (size % 2);
  }
  throw new RenderError('render/tts-output', 'The speech engine returned WAV audio without samples.');
}

/** A canonical 44-byte-header WAV file of `pcm`. */
export function encodeWav(pcm: Pcm): Uint8Array {
  const dataBytes = pcm.samples.length * 2;
  const b = Buffer.alloc(44 + dataBytes);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(pcm.sampleRate, 24);
  b.writeUInt32LE(pcm.sampleRate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(dataBytes, 40);
  if (LITTLE_ENDIAN) {
    b.set(new Uint8Array(pcm.samples.buffer, pcm.samples.byteOffset, dataBytes), 44);
  } else {
    for (let i = 0; i < pcm.samples.length; i++) b.writeInt16LE(pcm.samples[i]!, 44 + 2 * i);
  }
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
