/** Job names and connections (decision 0026), without the queue: read by status and last runs. */
import { DEFAULT_CONNECTION_ID } from '../store/connection-scope.ts';

/** The connection and the job's own name in a job name: `eu/orders.import` → `eu`, `orders.import`. */
export function splitJobName(job: string): { connection: string; name: string } {
  const slash = job.indexOf('/');
  return slash < 0 ? { connection: DEFAULT_CONNECTION_ID, name: job } : { connection: job.slice(0, slash), name: job.slice(slash + 1) };
}
