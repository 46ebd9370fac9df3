/** `--options <json>`: writer options keyed by format, as `readout export` and `readout batch` take them. */
import { InputError } from '../errors.js';

export function parseOptionsJson(text: string | undefined): Record<string, Record<string, unknown>> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError('request/options', `--options is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(
      'request/options',
      '--options must be a JSON object keyed by format, e.g. {"ssml":{…}}.',
    );
  }
  return parsed as Record<string, Record<string, unknown>>;
}
