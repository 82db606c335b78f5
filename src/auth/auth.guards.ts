import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenService } from './access-token.service';
import { AuthenticatedRequest, PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import { Role } from './role';

/** Global guard: every HTTP route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // the socket gateway authenticates its own handshake
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const principal = await this.tokens.verify(token);
    if (!principal) throw new UnauthorizedException(token ? 'Access token is invalid or expired' : 'Missing bearer access token');
    request.user = principal;
    return true;
  }
}

/** Global guard: the caller must hold one of the route's @Roles(); a route without a policy is refused. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    if (!allowed || allowed.length === 0) throw new ForbiddenException('This route has no role policy');
    const roles: Role[] = context.switchToHttp().getRequest<AuthenticatedRequest>().user?.roles ?? [];
    if (!roles.some((role) => allowed.includes(role))) throw new ForbiddenException(`Requires one of the roles: ${allowed.join(', ')}`);
    return true;
  }
}
