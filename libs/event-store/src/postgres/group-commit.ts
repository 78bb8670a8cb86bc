/**
 * Application-level group commit for appends. Appends that arrive while `maxInFlight` writes are
 * already running wait, and leave together as one write (one statement, one transaction, one WAL
 * flush) as soon as a write ends. Nothing waits on a timer: a lone writer's append leaves at once,
 * with the latency it would have alone; under concurrency the appends of many writers share the
 * round trip and the commit that each would otherwise pay (the cost that bounds appends/s).
 *
 * Each append keeps its own outcome: the write answers per append, and when the shared write
 * fails as a whole (an event id recorded before, a deadlock with another process, a lost
 * connection) every append in it is written again on its own, so one append's failure is never
 * another's. Appends to a stream that is being written wait for that write: a stream appears at
 * most once in flight, so its appends never race each other inside this process.
 */
export interface GroupCommitOptions {
  /** Writes running at once (each holds a connection). */
  maxInFlight: number;
  /** Appends in one write at most. */
  maxBatchSize: number;
}

export interface GroupCommitWriter<Append extends { stream: string }, Outcome> {
  /** One append alone. */
  writeOne(append: Append): Promise<Outcome>;
  /** Several appends to distinct streams in one transaction; one outcome per append, in order. */
  writeMany(appends: Append[]): Promise<Outcome[]>;
}

interface Waiting<Append, Outcome> {
  append: Append;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<Append extends { stream: string }, Outcome> {
  private waiting: Array<Waiting<Append, Outcome>> = [];
  private inFlight = 0;
  private readonly streamsInFlight = new Set<string>();

  constructor(
    private readonly writer: GroupCommitWriter<Append, Outcome>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(append: Append): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ append, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch: Array<Waiting<Append, Outcome>> = [];
      const later: Array<Waiting<Append, Outcome>> = [];
      const streams = new Set<string>();
      for (const entry of this.waiting) {
        const { stream } = entry.append;
        if (batch.length < this.options.maxBatchSize && !this.streamsInFlight.has(stream) && !streams.has(stream)) {
          batch.push(entry);
          streams.add(stream);
        } else {
          later.push(entry);
        }
      }
      if (batch.length === 0) return; // every waiting append's stream is being written: its write's end dispatches again
      this.waiting = later;
      this.inFlight += 1;
      for (const stream of streams) this.streamsInFlight.add(stream);
      void this.write(batch).finally(() => {
        this.inFlight -= 1;
        for (const stream of streams) this.streamsInFlight.delete(stream);
        this.dispatch();
      });
    }
  }

  private async write(batch: Array<Waiting<Append, Outcome>>): Promise<void> {
    if (batch.length > 1) {
      let outcomes: Outcome[] | undefined;
      try {
        outcomes = await this.writer.writeMany(batch.map((entry) => entry.append));
      } catch {
        // Written again one by one below: each append then meets only its own failure.
      }
      if (outcomes !== undefined) {
        batch.forEach((entry, index) => entry.resolve(outcomes[index]));
        return;
      }
    }
    await Promise.all(
      batch.map(async (entry) => {
        try {
          entry.resolve(await this.writer.writeOne(entry.append));
        } catch (error) {
          entry.reject(error);
        }
      }),
    );
  }
}
