import { Inject } from '@nestjs/common';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import type { Actor } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { assertMaySeeAgreement } from '../../application/access-policy.js';
import { AggregateCommands } from '../../application/aggregate-commands.service.js';
import { notFound } from '../../application/application-error.js';
import { streamOf } from '../../application/streams.js';
import { CurrentActor } from '../../graphql/current-actor.decorator.js';
import { Agreement, toAgreement } from '../agreement.types.js';

@Resolver(() => Agreement)
export class AgreementChangedResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly aggregates: AggregateCommands,
  ) {}

  @Subscription(() => Agreement, {
    description: 'The agreement after each recorded change, for its parties, auditors and admins (graphql-ws).',
    resolve: (payload: Agreement) => payload,
  })
  async agreementChanged(@Args('id', { type: () => ID }) id: string, @CurrentActor() actor: Actor): Promise<AsyncIterableIterator<Agreement>> {
    const initial = await this.aggregates.load('agreement', id);
    if (initial.status === 'NONE') throw notFound('agreement', id);
    assertMaySeeAgreement(actor, initial);
    const controller = new AbortController();
    const changes = this.changes(id, actor, await this.store.headCheckpoint(), controller.signal);
    // Ending the subscription must stop the store's polling at once, not after the next event.
    const iterator: AsyncIterableIterator<Agreement> = {
      next: () => changes.next(),
      return: async () => {
        controller.abort();
        await changes.return(undefined);
        return { value: undefined, done: true };
      },
      throw: async (error: unknown) => {
        controller.abort();
        return changes.throw(error);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Follows the log from now; each event of the agreement's stream yields its state, if still visible. */
  private async *changes(id: string, actor: Actor, after: string | undefined, signal: AbortSignal): AsyncGenerator<Agreement, void, undefined> {
    const stream = streamOf('agreement', id);
    for await (const batch of this.store.subscribe({ after, signal })) {
      if (!batch.events.some((event) => event.stream === stream)) continue;
      const state = await this.aggregates.load('agreement', id);
      if (state.status === 'NONE') continue;
      // A party that withdrew stops receiving what is negotiated after it left.
      assertMaySeeAgreement(actor, state);
      yield toAgreement(state, new Date().toISOString());
    }
  }
}
