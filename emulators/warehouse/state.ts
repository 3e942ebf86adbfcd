/**
 * The warehouse's records, in memory. Plain data with integer ids from per-kind sequences
 * (different ranges, so a test that mixes up ids fails loudly); every change stamps
 * `lastUpdated` on the emulator clock, which is what "updated since" lists filter on.
 */
import type { Clock } from '../../src/core/clock.ts';
import type { AsnConnectAction, OrderConnectAction } from './mintsoft-models.ts';

export interface ProductRecord {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  customsDescription: string | null;
  ean: string | null;
  countryId: number | null;
  commodityCode: string | null;
  /** Kilograms, decimal string. */
  weight: string;
  lastUpdated: number;
}

export interface StockRecord {
  productId: number;
  onHand: number;
  allocated: number;
  quarantine: number;
  lastUpdated: number;
}

export interface OrderItemRecord {
  id: number;
  productId: number;
  sku: string;
  quantity: number;
  allocated: number;
  onBackOrder: number;
  price: string | null;
}

export interface OrderRecord {
  id: number;
  orderNumber: string;
  externalRef: string | null;
  statusId: number;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  address1: string | null;
  address2: string | null;
  town: string | null;
  county: string | null;
  postCode: string | null;
  countryId: number;
  email: string | null;
  phone: string | null;
  courierService: string;
  currency: string;
  orderValue: string | null;
  requiredDespatchDate: string | null;
  deliveryNotes: string | null;
  part: number;
  numberOfParts: number;
  items: OrderItemRecord[];
  numberOfParcels: number | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  despatchDate: number | null;
  createdAt: number;
  lastUpdated: number;
  /** When the floor moves it on next; null when it waits for something else. */
  dueAt: number | null;
  /** Set once the floor has rolled the dice for a random return. */
  returnChecked: boolean;
}

export interface SplitRecord {
  id: number;
  orderId: number;
  splitOrderId: number;
  lastUpdated: number;
}

export interface StockFlowRecord {
  id: number;
  productId: number;
  sku: string;
  quantity: number;
  flow: 'IN' | 'OUT' | 'SCRAP' | 'ALLOCATE' | 'UNALLOCATE' | 'TRANSFER';
  reason: string;
  orderId: number | null;
  stockLevel: number;
  onHand: number;
  lastUpdated: number;
}

export interface AsnItemRecord {
  id: number;
  productId: number;
  sku: string;
  expected: number;
  received: number;
  booked: number;
  sourceLineId: string | null;
}

export interface AsnRecord {
  id: number;
  poReference: string;
  supplier: string;
  estimatedDelivery: string;
  comments: string;
  statusId: number;
  bookedInDate: number | null;
  items: AsnItemRecord[];
  createdAt: number;
  lastUpdated: number;
  dueAt: number | null;
  connectAction: AsnConnectAction | null;
}

export interface ReturnItemRecord {
  id: number;
  productId: number;
  sku: string;
  quantity: number;
  reasonId: number | null;
  returnedToStock: boolean;
}

export interface ReturnRecord {
  id: number;
  orderId: number | null;
  orderNumber: string | null;
  reference: string | null;
  confirmed: boolean;
  items: ReturnItemRecord[];
  createdAt: number;
  lastUpdated: number;
  /** Grades the floor will apply when it inspects; null for returns inspected by hand. */
  pendingGrades: ('A' | 'B' | 'C')[] | null;
  dueAt: number | null;
}

export class WarehouseState {
  products = new Map<number, ProductRecord>();
  stock = new Map<number, StockRecord>();
  orders = new Map<number, OrderRecord>();
  splits: SplitRecord[] = [];
  flows: StockFlowRecord[] = [];
  asns = new Map<number, AsnRecord>();
  returns = new Map<number, ReturnRecord>();
  /** Callback registrations by order id; split parts inherit their original's. */
  connectActions = new Map<number, OrderConnectAction>();
  private sequences = new Map<string, number>();
  private lastStamp = 0;

  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Ranges: orders 100001+, products 5001+, ASNs 301+, returns 701+, flows 90001+. */
  nextId(kind: 'order' | 'product' | 'asn' | 'return' | 'flow' | 'item' | 'split'): number {
    const bases = { order: 100_000, product: 5_000, asn: 300, return: 700, flow: 90_000, item: 1_000_000, split: 0 };
    const next = (this.sequences.get(kind) ?? bases[kind]) + 1;
    this.sequences.set(kind, next);
    return next;
  }

  /** Now on the emulator clock, strictly increasing so "updated since" never ties. */
  stamp(): number {
    this.lastStamp = Math.max(this.clock.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  productBySku(sku: string): ProductRecord | undefined {
    const wanted = sku.trim().toUpperCase();
    for (const product of this.products.values()) if (product.sku.toUpperCase() === wanted) return product;
    return undefined;
  }

  stockOf(productId: number): StockRecord {
    let record = this.stock.get(productId);
    if (!record) {
      record = { productId, onHand: 0, allocated: 0, quarantine: 0, lastUpdated: this.stamp() };
      this.stock.set(productId, record);
    }
    return record;
  }

  partsOf(orderNumber: string): OrderRecord[] {
    const wanted = orderNumber.trim().toUpperCase();
    return [...this.orders.values()].filter((order) => order.orderNumber.toUpperCase() === wanted).sort((a, b) => a.part - b.part);
  }

  clear(): void {
    this.products.clear();
    this.stock.clear();
    this.orders.clear();
    this.splits = [];
    this.flows = [];
    this.asns.clear();
    this.returns.clear();
    this.connectActions.clear();
    this.sequences.clear();
  }
}
