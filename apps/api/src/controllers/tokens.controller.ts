import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiTokenEntity, AuditEntryEntity } from '@app/database';
import {
  auditLogSchema,
  auditQuerySchema,
  AuditService,
  createdTokenSchema,
  tokenListSchema,
  tokenRequestSchema,
  TokensService,
  type Role,
} from '@app/access';
import { ApiJsonBody, ApiQueryOf, ApiReply } from '../openapi';
import { Roles } from '../auth/auth.decorators';
import { intParam } from '../params';

@ApiTags('access')
@Controller()
@Roles('admin')
export class TokensController {
  constructor(
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {}

  @Post('tokens')
  @ApiOperation({ summary: 'Create an API token (planner, reviewer or admin); the secret is shown only in this answer' })
  @ApiJsonBody(tokenRequestSchema, 'TokenRequest')
  @ApiReply(createdTokenSchema, { status: 201 })
  async create(@Body() body: { name?: unknown; role?: unknown }): Promise<{ id: number; name: string; role: Role; token: string }> {
    return this.tokens.create(body?.name, body?.role);
  }

  @Get('tokens')
  @ApiReply(tokenListSchema)
  async list(): Promise<Omit<ApiTokenEntity, 'tokenHash'>[]> {
    return this.tokens.list();
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  async revoke(@Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.tokens.revoke(id);
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail of writes, newest first' })
  @ApiQueryOf(auditQuerySchema)
  @ApiReply(auditLogSchema)
  async auditLog(@Query('limit') limit?: string, @Query('offset') offset?: string): Promise<AuditEntryEntity[]> {
    return this.audit.list(intParam('limit', limit, 1, 1000) ?? 100, intParam('offset', offset, 0) ?? 0);
  }
}
