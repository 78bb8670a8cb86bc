/** Plain-text tables for the demo's output (no dependency, fixed-width columns). */

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export const RECOVERY_LEVELS = ['LIMITED', 'SERIOUS', 'SEVERE'] as const;
export const ECONOMIC_LEVELS = ['LIMITED', 'SERIOUS', 'CATASTROPHIC'] as const;

export interface MatrixCell {
  recovery: string;
  economic: string;
  useCases: number;
  assessmentsAgreed: number;
  agreementsConcluded: number;
  agreementsByStatus: Array<{ status: string; count: number }>;
}

/**
 * The nine categories as the framework draws them (3-2-3): difficulty of recovery upwards,
 * economic impact to the right. Cells marked `*` hold a use case of this run.
 */
export function categoryMatrixTable(cells: readonly MatrixCell[], marked: ReadonlyArray<{ recovery: string; economic: string }>): string {
  const cellAt = (recovery: string, economic: string) => cells.find((cell) => cell.recovery === recovery && cell.economic === economic);
  const rows = [...RECOVERY_LEVELS].reverse().map((recovery) => [
    recovery,
    ...ECONOMIC_LEVELS.map((economic) => {
      const cell = cellAt(recovery, economic);
      if (!cell) return '-';
      const mark = marked.some((m) => m.recovery === recovery && m.economic === economic) ? ' *' : '';
      const negotiating = cell.agreementsByStatus
        .filter((entry) => entry.status !== 'CONCLUDED' && entry.count > 0)
        .map((entry) => `${entry.count} ${entry.status.toLowerCase()}`);
      return `${cell.useCases} uc, ${cell.assessmentsAgreed} agreed, ${cell.agreementsConcluded} concl.${negotiating.length ? ` (${negotiating.join(', ')})` : ''}${mark}`;
    }),
  ]);
  return table(['recovery \\ economic', ...ECONOMIC_LEVELS], rows);
}

export interface HistoryRow {
  revision: number;
  type: string;
  occurredAt: string;
  actor: { organizationId: string };
  hash: string;
  previousHash: string | null;
}

export function historyTable(events: readonly HistoryRow[]): string {
  return table(
    ['rev', 'event', 'actor org', 'occurred at (UTC)', 'hash', 'previous'],
    events.map((event) => [
      String(event.revision),
      event.type,
      event.actor.organizationId,
      event.occurredAt.replace('T', ' ').replace(/Z$/, ''),
      event.hash.slice(0, 12),
      event.previousHash ? event.previousHash.slice(0, 12) : '(start)',
    ]),
  );
}
