import { Module } from '@nestjs/common';
import { UseCaseQueryResolver } from './use-case-query/use-case-query.resolver.js';
import { RegisterUseCaseHandler } from './register-use-case/register-use-case.command.js';
import { RegisterUseCaseResolver } from './register-use-case/register-use-case.resolver.js';
import { RetireUseCaseHandler } from './retire-use-case/retire-use-case.command.js';
import { RetireUseCaseResolver } from './retire-use-case/retire-use-case.resolver.js';
import { ReviseUseCaseHandler } from './revise-use-case/revise-use-case.command.js';
import { ReviseUseCaseResolver } from './revise-use-case/revise-use-case.resolver.js';

@Module({
  providers: [
    UseCaseQueryResolver,
    RegisterUseCaseHandler,
    RegisterUseCaseResolver,
    ReviseUseCaseHandler,
    ReviseUseCaseResolver,
    RetireUseCaseHandler,
    RetireUseCaseResolver,
  ],
})
export class UseCasesModule {}
