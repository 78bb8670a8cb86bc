import { ECONOMIC_IMPACTS, RECOVERY_DIFFICULTIES, type EconomicImpact, type RecoveryDifficulty } from '@app/domain';

/** Who is asking: auditors and consortium admins see everything, others what their organization takes part in. */
export interface Viewer {
  organizationId: string;
  seesEverything: boolean;
}

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface Page<Node> {
  nodes: Node[];
  pageInfo: PageInfo;
  /**
   * How many rows match the page's filters and visibility rule, over every page. Lazy: the count
   * runs on the first call only (a connection's `totalCount` calls it when the client selects it).
   */
  countTotal: () => Promise<number>;
}

export const MAX_PAGE_SIZE = 100;

export class InvalidCursorError extends Error {
  readonly code = 'READ_MODEL.INVALID_CURSOR';
  constructor() {
    super('The cursor is not one this query returned');
    this.name = 'InvalidCursorError';
  }
}

/** Opaque keyset cursor: the sort key of the last row, base64url JSON. */
export function encodeCursor(key: ReadonlyArray<string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) return key as string[];
  } catch {
    // falls through
  }
  throw new InvalidCursorError();
}

/** Page size between 1 and MAX_PAGE_SIZE. */
export function pageSize(first: number | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1) throw new RangeError('first must be a positive integer');
  return Math.min(size, MAX_PAGE_SIZE);
}

/** The nine cells in a stable order: recovery LIMITED..SEVERE, then economic LIMITED..CATASTROPHIC. */
export const MATRIX_CELLS: ReadonlyArray<{ recovery: RecoveryDifficulty; economic: EconomicImpact }> = RECOVERY_DIFFICULTIES.flatMap(
  (recovery) => ECONOMIC_IMPACTS.map((economic) => ({ recovery, economic })),
);

export const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Builds a parameterized WHERE clause piece by piece. */
export class Conditions {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** `sql` uses `?` for the one parameter it takes, if any. */
  add(sql: string, ...values: unknown[]): this {
    let text = sql;
    for (const value of values) {
      this.params.push(value);
      text = text.replace('?', `$${this.params.length}`);
    }
    this.parts.push(text);
    return this;
  }

  where(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
