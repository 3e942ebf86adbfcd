/** The shapes of bulk operation answers (bulk-documents.ts). */
import { z } from 'zod';

const nullableString = z.string().nullable();

export const bulkOperation = z.object({
  id: z.string(),
  status: z.enum(['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELING', 'CANCELED', 'EXPIRED']),
  errorCode: nullableString,
  createdAt: z.string(),
  completedAt: nullableString,
  objectCount: z.string(),
  rootObjectCount: z.string(),
  fileSize: nullableString,
  url: nullableString,
  partialDataUrl: nullableString,
});
export type BulkOperation = z.infer<typeof bulkOperation>;

export const bulkOperationRunQueryResponse = z.object({
  bulkOperationRunQuery: z
    .object({
      bulkOperation: bulkOperation.nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: nullableString })),
    })
    .nullable(),
});
export const bulkOperationStatusResponse = z.object({ bulkOperation: bulkOperation.nullable() });
