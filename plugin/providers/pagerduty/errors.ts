// Why a call to PagerDuty failed, in words a person can act on. The message is what a decision's trace and
// the CLI show, so it names the status and request id, and never the API key.
import { ProviderError, type ProviderErrorKind } from '../errors.js';

export type PagerDutyErrorKind = ProviderErrorKind;

export class PagerDutyError extends ProviderError {
  override name = 'PagerDutyError';
}

// Redaction is one rule for every provider and the command line.
export { describeError, redact, redactBody } from '../redact.js';
