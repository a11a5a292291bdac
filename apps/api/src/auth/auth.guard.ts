import { ForbiddenException, HttpException, HttpStatus, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { TokensService, allows, type Role } from '@app/access';
import { AuthFailureLimiter } from './auth-failures';
import { PUBLIC_KEY, ROLES_KEY, type ActorInfo } from './auth.decorators';

/** Every route but the public ones needs `Authorization: Bearer <token>`; role requirements come from @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter = new AuthFailureLimiter();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { actor?: ActorInfo }>();
    const required = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!this.cfg.AUTH_REQUIRED) {
      req.actor = { name: 'local', role: 'admin' };
      return true;
    }
    const client = req.ip ?? 'unknown';
    if (this.limiter.blocked(client)) throw new HttpException('too many failed authentications: try again in a minute', HttpStatus.TOO_MANY_REQUESTS);
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const who = m ? await this.tokens.verify(m[1]) : null;
    if (!who) {
      this.limiter.fail(client);
      throw new UnauthorizedException(m ? 'unknown or revoked token' : 'missing token: send Authorization: Bearer <token>');
    }
    req.actor = { name: who.name, role: who.role };
    if (!allows(who.role, required)) throw new ForbiddenException(`a ${who.role} token may not do this (needs ${required.join(' or ')})`);
    return true;
  }
}
