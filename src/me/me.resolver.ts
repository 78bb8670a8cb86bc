import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@app/domain';
import { CurrentActor } from '../graphql/current-actor.decorator.js';

@ObjectType({ description: 'The caller, as the identity provider vouches for them.' })
export class Me {
  @Field() subject!: string;
  @Field() organizationId!: string;
  @Field(() => [String], { description: 'Realm roles, lowercase as in tokens.' }) roles!: string[];
}

@Resolver(() => Me)
export class MeResolver {
  @Query(() => Me)
  me(@CurrentActor() actor: Actor): Me {
    return { subject: actor.subject, organizationId: actor.organizationId, roles: [...actor.roles] };
  }
}
