/** The `?connection=` of an operator request: a connection id, or none (every connection, or the only one). */
import { connectionIdSchema } from '../config/connections-schema.ts';
import { HttpProblem } from './http-errors.ts';

export function connectionQuery(value: string | undefined): string | undefined {
  const parsed = connectionIdSchema.optional().safeParse(value);
  if (!parsed.success)
    throw new HttpProblem(400, 'invalid_request', `connection: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}
