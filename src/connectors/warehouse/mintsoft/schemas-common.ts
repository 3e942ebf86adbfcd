/** The one wire type both schema files share: a JSON number, exact (see json.ts). */
import { LosslessNumber } from 'lossless-json';
import { z } from 'zod';

export const wireNumber = z.union([z.number(), z.instanceof(LosslessNumber)]);
