import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@app/domain';
import { ApplicationError, notFound } from '../../application/application-error.js';
import { CurrentActor } from '../../graphql/current-actor.decorator.js';
import { ReadYourWrites } from '../../projections/projections.module.js';
import { PolicyProfileQueries } from '../../read-models/index.js';
import { PolicyProfile, toPolicyProfile } from '../policy-profile.types.js';

/** Profiles are consortium data that every party negotiates under: every authenticated caller reads them. */
@Resolver(() => PolicyProfile)
export class PolicyProfileQueryResolver {
  constructor(
    private readonly profileViews: PolicyProfileQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => PolicyProfile, { description: 'A policy profile at a version (default: its newest), with the list of its versions.' })
  async policyProfile(
    @Args('id', { type: () => ID }) id: string,
    @CurrentActor() _actor: Actor,
    @Args('version', { type: () => Int, nullable: true }) version?: number | null,
    @Args('consistencyToken', {
      type: () => String,
      nullable: true,
      description: "A mutation's `extensions.consistencyToken`: the answer then includes that mutation.",
    })
    consistencyToken?: string | null,
  ): Promise<PolicyProfile> {
    await this.readYourWrites.waitFor(consistencyToken);
    const found = await this.profileViews.byId(id);
    if (!found) throw notFound('policy profile', id);
    const profile = toPolicyProfile(found, version ?? found.version);
    if (!profile) {
      throw new ApplicationError('NOT_FOUND', `Policy profile ${id} has no version ${version}`, {
        reason: 'POLICY_PROFILE.VERSION_NOT_FOUND',
        latestVersion: found.version,
      });
    }
    return profile;
  }
}
