import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { TokensService } from './tokens.service';

/** API tokens, roles and the audit trail. */
@Module({ providers: [TokensService, AuditService], exports: [TokensService, AuditService] })
export class AccessModule {}
