// The resultCode values of KooGallery's seller interfaces (KooGallery SaaS access guide, "Result Codes").

/** resultCode values, by meaning. */
export const resultCodes = {
  /** 000000: success. */
  SUCCESS: '000000',
  /** 000001: authentication failed (bad signature, stale timestamp, replay). */
  AUTH_FAILED: '000001',
  /** 000002: invalid parameter. */
  INVALID_PARAMETER: '000002',
  /** 000003: instance not found. */
  INSTANCE_NOT_FOUND: '000003',
  /** 000004: request being processed (asynchronous handling). */
  PROCESSING: '000004',
  /** 000005: other error. */
  OTHER_ERROR: '000005',
} as const;

/** One of the six resultCode strings. */
export type ResultCode = (typeof resultCodes)[keyof typeof resultCodes];

/** A default resultMsg per code. */
export const resultMessages: Readonly<Record<ResultCode, string>> = {
  '000000': 'success',
  '000001': 'authentication failed',
  '000002': 'invalid parameter',
  '000003': 'instance not found',
  '000004': 'request is being processed',
  '000005': 'other error',
};
