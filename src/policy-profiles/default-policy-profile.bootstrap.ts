import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY_PROFILE, isDomainError, sagaActor } from '@app/domain';
import { commandContext } from '../application/aggregate-commands.service.js';
import { StreamConflictError } from '../application/command-pipeline.js';
import { DefinePolicyProfileCommand, DefinePolicyProfileHandler } from './define-policy-profile/define-policy-profile.command.js';

/**
 * The command id of the bootstrap definition. Fixed, so every process that starts defines the
 * default profile under the same idempotency key: after the first, the pipeline replays.
 */
export const DEFAULT_POLICY_PROFILE_COMMAND_ID = 'bootstrap-default-policy-profile-v1';

/**
 * Makes sure the illustrative default policy profile exists before the service takes requests,
 * defined through the ordinary pipeline by a consortium-admin system actor.
 */
@Injectable()
export class DefaultPolicyProfileBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('DefaultPolicyProfile');

  // The handler itself, not the CommandBus: the bus registers its handlers in its own bootstrap hook.
  constructor(private readonly define: DefinePolicyProfileHandler) {}

  async onApplicationBootstrap(): Promise<void> {
    const { profileId, name, description, cells } = DEFAULT_POLICY_PROFILE;
    const context = commandContext(sagaActor('bootstrap', 'consortium'), DEFAULT_POLICY_PROFILE_COMMAND_ID, randomUUID());
    try {
      const outcome = await this.define.execute(new DefinePolicyProfileCommand(profileId, name, description, [...cells], context));
      this.logger.log({ profileId, version: outcome.value.latestVersion }, 'default policy profile present');
    } catch (error) {
      // Another process starting at the same moment got in first, or a consortium admin defined it otherwise: it exists.
      if (error instanceof StreamConflictError || (isDomainError(error) && error.code === 'POLICY_PROFILE.ALREADY_DEFINED')) {
        this.logger.log({ profileId }, 'default policy profile already defined');
        return;
      }
      throw error;
    }
  }
}
