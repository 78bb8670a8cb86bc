import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AggregateCommands } from './aggregate-commands.service.js';

/** The command side shared by every feature module: the bus and the one pipeline. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [AggregateCommands],
  exports: [AggregateCommands, CqrsModule],
})
export class ApplicationModule {}
