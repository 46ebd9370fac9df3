/** The dialect registry: engine name → what it accepts. */
import type { Engine } from '../options.js';
import { azure } from './azure.js';
import { espeak } from './espeak.js';
import { google } from './google.js';
import { ibm } from './ibm.js';
import { polly } from './polly.js';
import type { Dialect } from './types.js';
import { w3c } from './w3c.js';

export const dialects: Record<Engine, Dialect> = { w3c, polly, google, azure, ibm, espeak };

export type { Attr, Dialect, Limits, Sink } from './types.js';
