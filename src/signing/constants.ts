/** The two Amazon Pay signature algorithms and their RSASSA-PSS salt lengths (api.md §7.1). */
export const SALT_LENGTHS = {
  'AMZN-PAY-RSASSA-PSS': 20,
  'AMZN-PAY-RSASSA-PSS-V2': 32,
} as const;

export type SigningAlgorithm = keyof typeof SALT_LENGTHS;

/** Our default; the official SDKs default to the salt-20 variant, both are accepted by Amazon. */
export const DEFAULT_ALGORITHM: SigningAlgorithm = 'AMZN-PAY-RSASSA-PSS-V2';

/** Headers we sign on every request (plus `x-amz-pay-idempotency-key` when present). */
export const BASE_SIGNED_HEADERS = ['accept', 'content-type', 'x-amz-pay-date', 'x-amz-pay-host', 'x-amz-pay-region'] as const;

export const IDEMPOTENCY_HEADER = 'x-amz-pay-idempotency-key';

/** SHA-256 of the empty string: the payload hash of every GET. */
export const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return Object.hasOwn(SALT_LENGTHS, value);
}
