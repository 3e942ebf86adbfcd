/**
 * Pure mapping of a warehouse stock movement to a BC item journal adjustment: a delta,
 * never an absolute quantity, with the hub's reference as document number (what a retry
 * looks for) and the reason code in the description (the companion journal page has no
 * reason code field yet).
 */
import type { StockMovementsFlowConfig } from '../../config/warehouse-schema.ts';
import type { ItemJournalLineDraft } from '../../core/domain/erp.ts';
import type { StockMovement } from '../../core/domain/warehouse.ts';
import type { Issue } from '../../core/issues.ts';

const DOCUMENT_NUMBER_MAX = 20;

export function shouldBook(movement: Pick<StockMovement, 'source'>, config: Pick<StockMovementsFlowConfig, 'sources'>): boolean {
  return (config.sources as readonly string[]).includes(movement.source);
}

export function movementDocumentNumber(movement: Pick<StockMovement, 'id'>, prefix: string): string {
  return `${prefix}${movement.id}`.toUpperCase();
}

export function reasonCodeOf(movement: Pick<StockMovement, 'reason'>, config: Pick<StockMovementsFlowConfig, 'reasonCodes'>): string {
  return config.reasonCodes[movement.reason] ?? movement.reason.toUpperCase().replace(/_/g, '').slice(0, 10);
}

export function mapMovementToJournalLine(
  movement: StockMovement,
  context: { config: Pick<StockMovementsFlowConfig, 'documentPrefix' | 'reasonCodes'>; locationCode: string; warehouseName: string },
): { line?: ItemJournalLineDraft; issues: Issue[] } {
  const issues: Issue[] = [];
  const documentNumber = movementDocumentNumber(movement, context.config.documentPrefix);
  if (documentNumber.length > DOCUMENT_NUMBER_MAX)
    issues.push({
      code: 'movement_invalid',
      path: 'id',
      message: `movement id ${movement.id} makes document number ${documentNumber}, longer than BC's ${DOCUMENT_NUMBER_MAX} characters`,
    });
  if (!Number.isInteger(movement.delta) || movement.delta === 0)
    issues.push({
      code: 'movement_invalid',
      path: 'delta',
      message: `movement ${movement.id} moves ${movement.delta} units; whole units other than zero expected`,
    });
  if (movement.sku.trim() === '') issues.push({ code: 'movement_invalid', path: 'sku', message: `movement ${movement.id} names no SKU` });
  if (issues.length > 0) return { issues };
  const reasonCode = reasonCodeOf(movement, context.config);
  const description = `[${reasonCode}] ${movement.wmsReason ?? movement.reason} - ${context.warehouseName} movement ${movement.id}`.slice(
    0,
    100,
  );
  return {
    line: {
      documentNumber,
      entryType: movement.delta > 0 ? 'Positive Adjmt.' : 'Negative Adjmt.',
      itemNumber: movement.sku.trim(),
      locationCode: context.locationCode,
      quantity: String(Math.abs(movement.delta)),
      postingDate: movement.occurredAt.slice(0, 10),
      externalDocumentNumber: `${context.warehouseName}-${movement.id}`.replace(/\s+/g, '').slice(0, 35),
      description,
    },
    issues,
  };
}
