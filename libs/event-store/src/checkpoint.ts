/**
 * PostgreSQL checkpoints: the committing transaction id and the global position, ordered as a pair.
 * Transaction ids order commits safely only below the oldest open transaction (see readAll).
 * Callers treat the string as opaque; the format lets a KurrentDB adapter use commit positions instead.
 */
export interface PostgresCheckpoint {
  transactionId: bigint;
  position: bigint;
}

const FORMAT = /^pg:(\d{1,20}):(\d{1,20})$/;

export function encodeCheckpoint(checkpoint: PostgresCheckpoint): string {
  return `pg:${checkpoint.transactionId}:${checkpoint.position}`;
}

export function decodeCheckpoint(value: string): PostgresCheckpoint {
  const match = FORMAT.exec(value);
  if (!match) throw new RangeError(`Not a checkpoint of this store: ${value}`);
  return { transactionId: BigInt(match[1]), position: BigInt(match[2]) };
}

export function compareCheckpoints(a: string, b: string): number {
  const left = decodeCheckpoint(a);
  const right = decodeCheckpoint(b);
  if (left.transactionId !== right.transactionId) return left.transactionId < right.transactionId ? -1 : 1;
  if (left.position !== right.position) return left.position < right.position ? -1 : 1;
  return 0;
}
