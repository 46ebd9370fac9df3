// The one list of system tools the project needs, with the Debian package that provides each.
// Plain Node, no dependencies: read by scripts/bootstrap.mjs before anything is installed.
// Later features add their tools here (and nowhere else).

/**
 * @typedef {object} SystemDep
 * @property {string} name      what it is, for messages
 * @property {string[]} bins    any one of these on PATH satisfies it (or `files`)
 * @property {string[]} [files] any one of these files existing satisfies it
 * @property {string} apt       Debian package providing it
 * @property {string[]} needFor which commands need it: 'start', 'test', 'bench', 'cli'
 * @property {string} why       what uses it
 */

/** @type {SystemDep[]} */
export const systemDeps = [
  // Chromium is resolved as CHROMIUM_PATH → chromium on PATH → the npm-shipped @sparticuz/chromium,
  // so no system package is required for it.
  {
    name: 'xmllint',
    bins: ['xmllint'],
    apt: 'libxml2-utils',
    needFor: ['test'],
    why: 'validates SSML against the W3C SSML 1.1 XML Schema',
  },
  {
    name: 'espeak-ng',
    bins: ['espeak-ng'],
    apt: 'espeak-ng',
    needFor: ['test', 'start'],
    why: 'speaks SSML (the embedded TTS engine)',
  },
  {
    name: 'poppler-utils',
    bins: ['pdftotext', 'pdffonts', 'pdfinfo'],
    apt: 'poppler-utils',
    needFor: ['test'],
    why: 'checks PDF output (text, fonts, metadata)',
  },
  {
    name: 'EPUBCheck',
    bins: [],
    files: ['/usr/share/java/epubcheck.jar'],
    apt: 'epubcheck',
    needFor: ['test'],
    why: 'validates EPUB output',
  },
  {
    name: 'redis-server',
    bins: ['redis-server'],
    apt: 'redis-server',
    needFor: ['test'],
    why: 'the BullMQ scale-out tests start a real Redis on a free port',
  },
];
