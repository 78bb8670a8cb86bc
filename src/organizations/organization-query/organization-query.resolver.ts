import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@app/domain';
import { notFound } from '../../application/application-error.js';
import { CurrentActor } from '../../graphql/current-actor.decorator.js';
import { ReadYourWrites } from '../../projections/projections.module.js';
import { OrganizationQueries } from '../../read-models/index.js';
import { Organization, toOrganization } from '../organization.types.js';

const consistencyArgs = {
  type: () => String,
  nullable: true,
  description: "A mutation's `extensions.consistencyToken`: the answer then includes that mutation.",
} as const;

/** Organizations are not confidential: parties need to know whom they deal with. */
@Resolver(() => Organization)
export class OrganizationQueryResolver {
  constructor(
    private readonly organizationViews: OrganizationQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Query(() => Organization, { description: 'A registered organization (active or deactivated).' })
  async organization(
    @Args('id', { type: () => ID }) id: string,
    @CurrentActor() _actor: Actor,
    @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null,
  ): Promise<Organization> {
    await this.readYourWrites.waitFor(consistencyToken);
    const found = await this.organizationViews.byId(id);
    if (!found) throw notFound('organization', id);
    return toOrganization(found);
  }

  @Query(() => [Organization], { description: 'Every registered organization, by id.' })
  async organizations(
    @CurrentActor() _actor: Actor,
    @Args('consistencyToken', consistencyArgs) consistencyToken?: string | null,
  ): Promise<Organization[]> {
    await this.readYourWrites.waitFor(consistencyToken);
    return (await this.organizationViews.list()).map(toOrganization);
  }
}
