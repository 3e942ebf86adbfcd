/**
 * Whether a monitoring figure needs a person: above its threshold, counting only the items
 * older than the figure's grace period. A despatch 21 seconds old is the normal flow of work,
 * not something to act on; the warehouse guide says to act after a few minutes.
 */
import type { MonitorFigure } from './types.ts';

export function needsAttention(figure: MonitorFigure): boolean {
  if (figure.threshold === undefined) return false;
  const counted = figure.graceSeconds === undefined ? figure.value : (figure.overdue ?? 0);
  return counted > figure.threshold;
}

export function withAttention(figure: MonitorFigure): MonitorFigure {
  return { ...figure, needsAttention: needsAttention(figure) };
}
