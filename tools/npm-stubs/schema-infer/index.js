// shopify-webhook-schemas loads its schema-inference helper when it is imported, but only its
// scraper calls it. LedgerBridge uses the published schemas, so inference is never needed here.
/* global exports */
'use strict';
exports.inferSchema = () => {
  throw new Error('schema inference is not installed in LedgerBridge: only the published webhook schemas are used');
};
