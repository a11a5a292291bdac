import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@app/access';

export const ROLES_KEY = 'edu:roles';
export const PUBLIC_KEY = 'edu:public';

/** Roles allowed to call a route (admin always is). Without it any valid token may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route that needs no token (health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface ActorInfo {
  name: string | null;
  role: Role;
}

/** The caller, as the auth guard identified it. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): ActorInfo => {
  const req = ctx.switchToHttp().getRequest<{ actor?: ActorInfo }>();
  return req.actor ?? { name: null, role: 'admin' };
});
