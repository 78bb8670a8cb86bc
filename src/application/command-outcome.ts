/** What a command handler answers: the resulting state, and the log position it reached. */
export interface CommandOutcome<T> {
  value: T;
  /** Read-your-writes token: queries given it wait until read models include this command. */
  checkpoint: string | undefined;
}
