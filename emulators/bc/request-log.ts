/** Every API request the emulator answered, for tests and benchmarks (requests per order). */
export interface RequestLogEntry {
  at: string;
  method: string;
  /** Path under `/api/v2.0/`, without the query. */
  path: string;
  status: number;
  /** False when a fault dropped the connection or left it hanging. */
  answered: boolean;
}

export class RequestLog {
  total = 0;
  private entries: RequestLogEntry[] = [];
  private readonly keep: number;

  constructor(keep = 2_000) {
    this.keep = keep;
  }

  add(entry: RequestLogEntry): void {
    this.total += 1;
    this.entries.push(entry);
    if (this.entries.length > this.keep * 2) this.entries = this.entries.slice(-this.keep);
  }

  recent(limit = this.keep): RequestLogEntry[] {
    return this.entries.slice(-limit);
  }

  count(predicate: (entry: RequestLogEntry) => boolean = () => true): number {
    return this.entries.filter(predicate).length;
  }

  clear(): void {
    this.total = 0;
    this.entries = [];
  }
}
