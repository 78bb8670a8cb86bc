import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Clause } from '../agreements/agreement.types.js';

@ObjectType()
export class EventActor {
  @Field() subject!: string;
  @Field() organizationId!: string;
  @Field(() => [String]) roles!: string[];
}

@ObjectType({ description: 'One recorded event of a stream, with its place in the hash chain.' })
export class HistoryEvent {
  @Field(() => ID) eventId!: string;
  @Field(() => Int) revision!: number;
  @Field() globalPosition!: string;
  @Field() type!: string;
  @Field(() => Int) schemaVersion!: number;
  @Field({ description: 'When the command was decided (ISO 8601).' }) occurredAt!: string;
  @Field({ description: 'When the store recorded it (ISO 8601).' }) recordedAt!: string;
  @Field(() => EventActor) actor!: EventActor;
  @Field(() => GraphQLJSON) data!: unknown;
  @Field() correlationId!: string;
  @Field(() => String, { nullable: true }) causationId!: string | null;
  @Field() hash!: string;
  @Field(() => String, { nullable: true }) previousHash!: string | null;
}

@ObjectType({ description: 'Result of recomputing a stream hash chain from the stored rows.' })
export class HistoryVerification {
  @Field() intact!: boolean;
  @Field(() => Int) eventCount!: number;
  @Field(() => String, { nullable: true }) headHash!: string | null;
  @Field(() => Int, { nullable: true }) firstBrokenRevision!: number | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType()
export class ClauseChange {
  @Field() key!: string;
  @Field(() => Clause) before!: Clause;
  @Field(() => Clause) after!: Clause;
  @Field(() => [String], { description: 'Clause fields whose values differ.' }) fields!: string[];
}

@ObjectType({ description: 'What changed between two versions of the terms (clauses matched by perspective and title).' })
export class TermsDiff {
  @Field(() => Int) fromVersion!: number;
  @Field(() => Int) toVersion!: number;
  @Field(() => [Clause]) added!: Clause[];
  @Field(() => [Clause]) removed!: Clause[];
  @Field(() => [ClauseChange]) changed!: ClauseChange[];
  @Field(() => Int) unchangedCount!: number;
}
