import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditService, TokensService, allows, hashToken, type Role } from '@app/access';
import { AuthFailureLimiter } from './auth-failures';
import { PUBLIC_KEY, ROLES_KEY, type ActorInfo } from './auth.decorators';

/**
 * Every route but the public ones needs `Authorization: Bearer <token>`; role requirements come from @Roles.
 * A presented token is checked first: a valid one always passes, whatever failed before from its address. Failures
 * are limited per address and presented credential (10 a minute: 429), and per address overall (100 a minute), and
 * every refusal (401, 403, 429) is logged and audited with the address and the reason.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly perCredential = new AuthFailureLimiter(10, 60_000);
  private readonly perAddress = new AuthFailureLimiter(100, 60_000);
  private readonly log = new Logger('auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
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
    // req.ip honours TRUST_PROXY: behind a reverse proxy it is the client's address, not the proxy's.
    const address = req.ip ?? 'unknown';
    const m = /^Bearer\s+(\S{1,512})$/i.exec(req.headers.authorization ?? '');
    const credential = m ? hashToken(m[1]).slice(0, 16) : 'none';
    const key = `${address} ${credential}`;
    const repeated = this.perCredential.blocked(key) || this.perAddress.blocked(address);
    // A credential that already failed ten times a minute is not looked up again; any other one is.
    const who = m && !this.perCredential.blocked(key) ? await this.tokens.verify(m[1]) : null;
    if (!who) {
      const byCredential = this.perCredential.fail(key);
      const byAddress = this.perAddress.fail(address);
      if (repeated) {
        // One audit entry when a client is first refused, not one per request of a flood.
        if (byCredential === this.perCredential.firstRefused || byAddress === this.perAddress.firstRefused)
          this.refused(req, 429, null, 'too many failed authentications', address, credential);
        throw new HttpException(
          'too many failed authentications with this token from this address: try again in a minute',
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      const reason = m ? 'unknown or revoked token' : 'missing token: send Authorization: Bearer <token>';
      this.refused(req, 401, null, reason, address, credential);
      throw new UnauthorizedException(reason);
    }
    req.actor = { name: who.name, role: who.role };
    if (!allows(who.role, required)) {
      const reason = `a ${who.role} token may not do this (needs ${required.join(' or ')})`;
      this.refused(req, 403, req.actor, reason, address, credential);
      throw new ForbiddenException(reason);
    }
    return true;
  }

  private refused(req: Request, status: number, actor: ActorInfo | null, reason: string, address: string, credential: string): void {
    const path = req.originalUrl.slice(0, 500);
    this.log.warn(`${status} ${req.method} ${path} from ${address}${actor ? ` (${actor.name}, ${actor.role})` : ''}: ${reason}`);
    // The credential is named by a prefix of its hash, never by itself.
    void this.audit.record({
      actor: actor?.name ?? null,
      role: actor?.role ?? null,
      method: req.method,
      path,
      status,
      details: { outcome: 'refused', reason, address, credential },
    });
  }
}
