export { canonicalRequest, canonicalUri, sha256Hex, type CanonicalRequestInput } from './canonical-request.js';
export { canonicalQuery, parseRawQuery, queryPairs, type QueryParams } from './canonical-query.js';
export { BASE_SIGNED_HEADERS, DEFAULT_ALGORITHM, EMPTY_PAYLOAD_HASH, IDEMPOTENCY_HEADER, SALT_LENGTHS, isSigningAlgorithm, type SigningAlgorithm } from './constants.js';
export { loadPrivateKey, loadPublicKey, type KeySource } from './keys.js';
export { pssSign, pssVerify } from './pss.js';
export { rfc3986 } from './rfc3986.js';
export { signRequest, type SignRequestInput } from './sign-request.js';
export { stringToSign } from './string-to-sign.js';
export { verifyRequest, type ReceivedRequest, type VerifyOptions, type VerifyResult } from './verify-request.js';
