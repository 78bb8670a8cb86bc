import { Module } from '@nestjs/common';
import { InsightsResolver } from './insights.resolver.js';

@Module({ providers: [InsightsResolver] })
export class InsightsModule {}
