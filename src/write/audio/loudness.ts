/**
 * Clip clean-up: silence trimmed from both ends (eSpeak ends every request with half a second of it; the
 * timeline puts back the pauses the script asks for), and loudness brought to one level per clip, so a
 * speaker's voice is as loud as the narrator's. Loudness is the RMS of the frames that hold speech (20 ms
 * frames above -45 dBFS), a simple stand-in for EBU R128 that is enough for one synthetic voice at a time;
 * the gain is limited so that no peak clips. Hand-written: no audio analysis package is a dependency.
 */

const FULL_SCALE = 32768;
/** Below this a sample counts as silence when trimming (about -54 dBFS). */
const SILENCE = 64;

export function dbToAmplitude(db: number): number {
  return FULL_SCALE * 10 ** (db / 20);
}

export function amplitudeToDb(amplitude: number): number {
  return amplitude > 0 ? 20 * Math.log10(amplitude / FULL_SCALE) : -Infinity;
}

/** The samples between the first and last sound, with `marginMs` of what surrounds them (a view, not a copy). */
export function trimSilence(samples: Int16Array, sampleRate: number, marginMs = 15): Int16Array {
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < SILENCE) first++;
  if (first === samples.length) return samples.subarray(0, 0);
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < SILENCE) last--;
  const margin = Math.round((sampleRate * marginMs) / 1000);
  return samples.subarray(Math.max(0, first - margin), Math.min(samples.length, last + 1 + margin));
}

/**
 * The RMS amplitude of the frames that hold speech (0 when there are none). Gated as EBU R128 gates
 * loudness: frames below -70 dBFS are silence, then frames more than 20 dB below the mean of the rest
 * (pauses, breath) are left out, so the measure does not depend on the level itself.
 */
export function speechRms(samples: Int16Array, sampleRate: number): number {
  const frame = Math.max(1, Math.round(sampleRate * 0.02));
  const energies: number[] = [];
  for (let start = 0; start < samples.length; start += frame) {
    const end = Math.min(samples.length, start + frame);
    let energy = 0;
    for (let i = start; i < end; i++) energy += samples[i]! * samples[i]!;
    energies.push(energy / (end - start));
  }
  const mean = (floor: number) => {
    let sum = 0;
    let count = 0;
    for (const e of energies) {
      if (e >= floor) {
        sum += e;
        count++;
      }
    }
    return count ? sum / count : 0;
  };
  const ungated = mean(dbToAmplitude(-70) ** 2);
  return Math.sqrt(mean(ungated / 100));
}

function peak(samples: Int16Array): number {
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i]!);
    if (v > max) max = v;
  }
  return max;
}

/** The gain that brings speech to `targetDb` (limited to ×0.25–×4, and so that peaks stay below -0.3 dBFS). */
export function loudnessGain(samples: Int16Array, sampleRate: number, targetDb: number): number {
  const rms = speechRms(samples, sampleRate);
  if (rms === 0) return 1;
  const top = peak(samples);
  const wanted = Math.min(4, Math.max(0.25, dbToAmplitude(targetDb) / rms));
  return Math.min(wanted, top > 0 ? dbToAmplitude(-0.3) / top : wanted);
}

/** A copy of `samples` multiplied by `gain`. */
export function applyGain(samples: Int16Array, gain: number): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    // Clamped: an Int16Array would wrap a value out of range round to the other sign.
    out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * gain)));
  }
  return out;
}
