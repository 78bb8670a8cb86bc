import { Module } from '@nestjs/common';
import { PolicyProfileQueryResolver } from './policy-profile-query/policy-profile-query.resolver.js';
import { DefaultPolicyProfileBootstrap } from './default-policy-profile.bootstrap.js';
import { DefinePolicyProfileHandler } from './define-policy-profile/define-policy-profile.command.js';
import { DefinePolicyProfileResolver } from './define-policy-profile/define-policy-profile.resolver.js';
import { RevisePolicyProfileHandler } from './revise-policy-profile/revise-policy-profile.command.js';
import { RevisePolicyProfileResolver } from './revise-policy-profile/revise-policy-profile.resolver.js';

@Module({
  providers: [
    PolicyProfileQueryResolver,
    DefinePolicyProfileHandler,
    DefinePolicyProfileResolver,
    RevisePolicyProfileHandler,
    RevisePolicyProfileResolver,
    DefaultPolicyProfileBootstrap,
  ],
})
export class PolicyProfilesModule {}
