/**
 * The emulator's in-memory database: companies, each with one table per entity set, and
 * number series. Rows hold wire-ready values (decimals as exact strings, GUIDs in lower
 * case) plus internal fields starting with `_` that are never served.
 */
import type { Clock } from '../../src/core/clock.ts';

export type Row = Record<string, unknown> & { id: string; _seq: number; _version: number };

export type ChangeType = 'created' | 'updated' | 'deleted';

/** One committed change, for webhook notifications. */
export interface RowChange {
  companyId: string;
  set: string;
  row: Row;
  type: ChangeType;
}

/** Everything a rolled-back `$batch` must restore. */
export interface StoreSnapshot {
  seq: number;
  companies: Map<string, { tables: Map<string, Map<string, Row>>; series: Map<string, NumberSeries> }>;
}

export interface NumberSeries {
  prefix: string;
  next: number;
  width: number;
  step: number;
}

export interface CompanyState {
  id: string;
  name: string;
  displayName: string;
  businessProfileId: string;
  systemCreatedAt: string;
  tables: Map<string, Map<string, Row>>;
  series: Map<string, NumberSeries>;
}

export class EmulatorStore {
  readonly companies = new Map<string, CompanyState>();
  private seq = 0;
  private readonly clock: Clock;
  readonly newId: () => string;
  /** Told about every insert, change and removal (the webhook notifier listens). */
  onChange: ((change: RowChange) => void) | undefined;

  constructor(options: { clock: Clock; newId: () => string }) {
    this.clock = options.clock;
    this.newId = options.newId;
  }

  /** Forgets every company and row (the control endpoint's reset). */
  clear(): void {
    this.companies.clear();
    this.seq = 0;
  }

  /** Now, as BC writes it: ISO 8601 UTC with milliseconds. */
  stamp(): string {
    return new Date(this.clock.now()).toISOString();
  }

  today(): string {
    return this.stamp().slice(0, 10);
  }

  addCompany(init: { id: string; name: string; displayName?: string }): CompanyState {
    const company: CompanyState = {
      id: init.id.toLowerCase(),
      name: init.name,
      displayName: init.displayName ?? init.name,
      businessProfileId: '',
      systemCreatedAt: this.stamp(),
      tables: new Map(),
      series: new Map(),
    };
    this.companies.set(company.id, company);
    return company;
  }

  table(company: CompanyState, set: string): Map<string, Row> {
    let table = company.tables.get(set);
    if (!table) {
      table = new Map();
      company.tables.set(set, table);
    }
    return table;
  }

  rows(company: CompanyState, set: string): Row[] {
    return [...this.table(company, set).values()];
  }

  insert(company: CompanyState, set: string, data: Record<string, unknown>): Row {
    const id = typeof data.id === 'string' && data.id ? data.id.toLowerCase() : this.newId();
    // `_set` and `_company` let a later `touch(row)` say what changed, for webhooks.
    const row = {
      ...data,
      id,
      _seq: (this.seq += 1),
      _version: 1,
      _set: set,
      _company: company.id,
      lastModifiedDateTime: this.stamp(),
    } as Row;
    this.table(company, set).set(id, row);
    this.emit(row, 'created');
    return row;
  }

  /**
   * Runs `work` as BC runs one request: all or nothing. Changes are told (webhooks) only once it
   * succeeds; if it throws, the rows it inserted are taken out again. Meant for work that only
   * inserts before its last check (a companion insert that creates the order's customer).
   */
  atomically<T>(work: () => T): T {
    const listener = this.onChange;
    const held: RowChange[] = [];
    const inserted: Row[] = [];
    this.onChange = (change) => {
      held.push(change);
      if (change.type === 'created') inserted.push(change.row);
    };
    try {
      const result = work();
      this.onChange = listener;
      for (const change of held) listener?.(change);
      return result;
    } catch (error) {
      this.onChange = listener;
      for (const row of inserted) this.companies.get(String(row._company))?.tables.get(String(row._set))?.delete(row.id);
      throw error;
    }
  }

  /** Marks a row changed: a new etag and a new lastModifiedDateTime. */
  touch(row: Row): void {
    row._version += 1;
    row.lastModifiedDateTime = this.stamp();
    this.emit(row, 'updated');
  }

  remove(company: CompanyState, set: string, id: string): boolean {
    const row = this.table(company, set).get(id);
    if (!row) return false;
    this.table(company, set).delete(id);
    this.emit(row, 'deleted');
    return true;
  }

  /** A deep copy of every company's rows and number series. */
  snapshot(): StoreSnapshot {
    const companies: StoreSnapshot['companies'] = new Map();
    for (const [id, company] of this.companies) {
      companies.set(id, { tables: structuredClone(company.tables), series: structuredClone(company.series) });
    }
    return { seq: this.seq, companies };
  }

  /** Puts back what `snapshot` copied: rows, numbers, sequence. Row objects are replaced. */
  restore(snapshot: StoreSnapshot): void {
    this.seq = snapshot.seq;
    for (const [id, saved] of snapshot.companies) {
      const company = this.companies.get(id);
      if (!company) continue;
      company.tables = saved.tables;
      company.series = saved.series;
    }
  }

  private emit(row: Row, type: ChangeType): void {
    if (this.onChange) this.onChange({ companyId: String(row._company), set: String(row._set), row, type });
  }

  get(company: CompanyState, set: string, id: string): Row | undefined {
    return this.table(company, set).get(id.toLowerCase());
  }

  findBy(company: CompanyState, set: string, property: string, value: unknown): Row | undefined {
    for (const row of this.table(company, set).values()) if (row[property] === value) return row;
    return undefined;
  }

  defineSeries(company: CompanyState, key: string, series: NumberSeries): void {
    company.series.set(key, { ...series });
  }

  /** The numbers a series would give next, without taking them (BC's "No. Series - Batch" simulation). */
  *peekNumbers(company: CompanyState, key: string): Generator<string> {
    const series = company.series.get(key);
    if (!series) throw new Error(`no number series ${key}`);
    for (let value = series.next; ; value += series.step) yield `${series.prefix}${String(value).padStart(series.width, '0')}`;
  }

  /** The next number of a series, e.g. `S-ORD101001`; numbers are never reused. */
  nextNumber(company: CompanyState, key: string): string {
    const series = company.series.get(key);
    if (!series) throw new Error(`no number series ${key}`);
    const value = series.next;
    series.next += series.step;
    return `${series.prefix}${String(value).padStart(series.width, '0')}`;
  }
}
