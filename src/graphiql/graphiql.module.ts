import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { GraphiqlController } from './graphiql.controller.js';

/** GraphiQL at `/graphiql`, outside production only: in production its routes do not exist. */
@Module({})
export class GraphiqlModule {
  static forRoot(config: Pick<AppConfig, 'nodeEnv'>): DynamicModule {
    return { module: GraphiqlModule, controllers: config.nodeEnv === 'production' ? [] : [GraphiqlController] };
  }
}
