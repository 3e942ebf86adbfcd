/**
 * Links: the trail of one business transaction across systems (Shopify order ↔ BC sales
 * order ↔ warehouse order ↔ shipments ↔ invoice ↔ credit memos ↔ payout). A trail is a
 * link group; any id in it finds the whole trail.
 */
import { connectionOf } from '../store/connection-scope.ts';
import type { Executor } from '../store/open-store.ts';
import { mapLinkRow } from './map-rows.ts';
import type { Link } from './types.ts';

export interface LinkInput {
  system: string;
  /** What the id identifies, e.g. `order`, `salesOrder`, `creditMemo`. */
  kind: string;
  externalId: string;
  /** The number people use, e.g. `#1042` or `SO-000123`. */
  label?: string | null;
}

export function addLink(db: Executor, linkGroup: string, link: LinkInput): Promise<void> {
  return addLinks(db, linkGroup, [link]);
}

/** Many links of one trail in one statement (a stock push links each of its up to 250 SKUs). */
export async function addLinks(db: Executor, linkGroup: string, links: readonly LinkInput[]): Promise<void> {
  if (links.length === 0) return;
  await db
    .insertInto('lb_link')
    .values(
      links.map((link) => ({
        connection_id: connectionOf(db),
        link_group: linkGroup,
        system: link.system,
        kind: link.kind,
        external_id: link.externalId,
        label: link.label ?? null,
      })),
    )
    .onConflict((conflict) => conflict.constraint('lb_link_identity').doNothing())
    .execute();
}

export async function listLinks(db: Executor, linkGroup: string): Promise<Link[]> {
  const rows = await db.selectFrom('lb_link').selectAll().where('link_group', '=', linkGroup).orderBy('id').execute();
  return rows.map(mapLinkRow);
}
