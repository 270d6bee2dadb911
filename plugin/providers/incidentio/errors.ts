// Why a call to incident.io failed, in words a person can act on. The message is what a decision's trace
// and the CLI show, so it names the status and request id, and never the API key.
import { ProviderError, type ProviderErrorKind } from '../errors.js';

export type IncidentIoErrorKind = ProviderErrorKind;

export class IncidentIoError extends ProviderError {
  override name = 'IncidentIoError';
}

// Redaction is one rule for every provider and the command line.
export { describeError, redact, redactBody } from '../redact.js';
