import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';
import { StreamSnapshots } from './stream-snapshots.js';

@Module({
  providers: [AuditService, AuditResolver, StreamSnapshots],
  exports: [AuditService],
})
export class AuditModule {}
