import { Module } from '@nestjs/common';
import { InsightsResolver, SocialSupportCellResolver } from './insights.resolver.js';

@Module({ providers: [InsightsResolver, SocialSupportCellResolver] })
export class InsightsModule {}
