/** The report origins the images transform writes (read back by the accessibility report). */

export const IMAGE_ORIGINS = {
  fetchFailed: 'images:fetch-failed',
  unsupported: 'images:unsupported',
  tooMany: 'images:too-many',
  missingAlt: 'images:missing-alt',
  describerFailed: 'images:describer-failed',
  generated: 'images:generated',
  altTooLong: 'images:alt-too-long',
  altTruncated: 'images:alt-truncated',
  captionCredit: 'images:caption-credit',
  captionCreditOnly: 'images:caption-credit-only',
  /** Followed by the rejection: `images:alt-rejected:filename`, `…:url`, `…:generic`, `…:credit`, `…:title`. */
  altRejected: 'images:alt-rejected',
} as const;
