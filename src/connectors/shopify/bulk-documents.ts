/**
 * Bulk operations, for back-fills and full inventory reads: start a bulk query, then poll it
 * until it completes and download its JSONL. Bulk queries do not draw on the cost bucket.
 */
import { define } from './graphql-document.ts';

const bulkOperationFields = 'id status errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl';

export const bulkOperationRunQuery = define(
  'BulkOperationRunQuery',
  'mutation',
  10,
  `
mutation BulkOperationRunQuery($query: String!, $groupObjects: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
    bulkOperation { ${bulkOperationFields} }
    userErrors { field message code }
  }
}`,
);

export const bulkOperationStatus = define(
  'BulkOperationStatus',
  'query',
  2,
  `
query BulkOperationStatus($id: ID!) {
  bulkOperation(id: $id) { ${bulkOperationFields} }
}`,
);

export const bulkDocuments = [bulkOperationRunQuery, bulkOperationStatus];
