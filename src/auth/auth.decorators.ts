import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Role } from './role';

export const PUBLIC_ROUTE = 'hotline:public';
export const ROUTE_ROLES = 'hotline:roles';

/** Open to anyone (health, metrics, sign-in, Twilio webhooks — which check their own signature). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Who may call a route. Every non-public route must say; a route that does not is refused (fail closed). */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

/** A request past the AccessTokenGuard, which puts the caller there. */
export type AuthenticatedRequest = Request & { user?: StaffPrincipal };

/** What the access token says about the caller. */
export interface StaffPrincipal {
  staffId: number;
  jobNumber: string;
  roles: Role[];
  unitId: number | null;
}

export const CurrentStaff = createParamDecorator((_: unknown, context: ExecutionContext): StaffPrincipal => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().user!;
});
