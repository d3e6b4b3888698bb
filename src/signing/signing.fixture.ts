/** Golden vectors from api.md §7.7: .NET SDK test inputs and reports-specific requests. */
export interface SigningVector {
  name: string;
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  signedHeaders: string;
  body: string;
  canonicalQuery: string;
  canonicalSha256: string;
}

const netHeaders = {
  accept: 'application/json',
  'content-type': 'application/json',
  'x-amz-pay-date': '20180524T223710Z',
  'x-amz-pay-host': 'pay-api.amazon.eu',
  'x-amz-pay-region': 'eu',
};
const BASE = 'accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region';
const reportHeaders = { ...netHeaders, 'x-amz-pay-date': '20240102T030405Z', 'x-amz-pay-host': 'pay-api.amazon.com', 'x-amz-pay-region': 'na' };

export const SIGNING_VECTORS: SigningVector[] = [
  { name: '.NET GET /', method: 'GET', path: '/', query: [], headers: netHeaders, signedHeaders: BASE, body: '', canonicalQuery: '', canonicalSha256: '13fdf6db844bdfb9e9c0e27a4251ca04e60c29ca2132249c5dd1cb09c26e22f5' },
  { name: '.NET GET / foo=[b,a]', method: 'GET', path: '/', query: [['foo', 'b'], ['foo', 'a']], headers: netHeaders, signedHeaders: BASE, body: '', canonicalQuery: 'foo=a&foo=b', canonicalSha256: '937de37fb8aed8af4214c373580c72f40c525202d1975df6836ba6ed0062b902' },
  { name: '.NET POST / with spaces', method: 'POST', path: '/', query: [['f oo', 'b ar']], headers: netHeaders, signedHeaders: BASE, body: '', canonicalQuery: 'f%20oo=b%20ar', canonicalSha256: '79481e4e38a053f7be8bda701c0d302d39df18bf468578b133c3be8e93fea86a' },
  {
    name: 'V1 GET /live/v2/reports',
    method: 'GET',
    path: '/live/v2/reports',
    query: [['createdSince', '2024-01-01T00:00:00Z'], ['pageSize', '10'], ['reportTypes', '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_,_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_']],
    headers: reportHeaders,
    signedHeaders: BASE,
    body: '',
    canonicalQuery: 'createdSince=2024-01-01T00%3A00%3A00Z&pageSize=10&reportTypes=_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_%2C_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_',
    canonicalSha256: '82ef86663c86f35797cda484aae2f36c82f92681c098911519d74bf04fe298bf',
  },
  {
    name: 'V2 POST /v2/report-schedules with idempotency key',
    method: 'POST',
    path: '/v2/report-schedules',
    query: [],
    headers: { ...reportHeaders, 'x-amz-pay-host': 'pay-api.amazon.eu', 'x-amz-pay-region': 'eu', 'x-amz-pay-idempotency-key': '0123456789abcdef0123456789abcdef' },
    signedHeaders: 'accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region',
    body: '{"reportType":"_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_","scheduleFrequency":"P1D","nextReportCreationTime":"20240201T000000Z","deleteExistingSchedule":false}',
    canonicalQuery: '',
    canonicalSha256: '3e0cc74fd01d0727202a802fd5527f1eb0ead46830f83bf4402d62dfb51b19cc',
  },
  {
    name: 'V3 Java-style GET with trailing slash and NA',
    method: 'GET',
    path: '/sandbox/v2/report-schedules/',
    query: [['reportTypes', '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_']],
    headers: { ...reportHeaders, 'x-amz-pay-region': 'NA' },
    signedHeaders: BASE,
    body: '',
    canonicalQuery: 'reportTypes=_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_',
    canonicalSha256: '9f89f2567efd52153116a06b1b669633959f193d140cbd63cf63d38bc5db3dff',
  },
  {
    name: 'V4 .NET-style DELETE with {} body',
    method: 'DELETE',
    path: '/live/v2/report-schedules/68973459224/',
    query: [],
    headers: reportHeaders,
    signedHeaders: BASE,
    body: '{}',
    canonicalQuery: '',
    canonicalSha256: 'c0e893e768836699ead5bd107c318cbcfb81b6cacf54792634fe5d194231285e',
  },
];
