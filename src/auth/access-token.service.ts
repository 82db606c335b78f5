import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { StaffPrincipal } from './auth.decorators';
import { ROLES, Role } from './role';

interface AccessTokenClaims {
  sub: string;
  jobNumber: string;
  roles: Role[];
  unitId: number | null;
}

/** Issues and reads the bearer tokens used by the REST API and the socket.io handshake. */
@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(principal: StaffPrincipal): Promise<string> {
    const claims: AccessTokenClaims = { sub: String(principal.staffId), jobNumber: principal.jobNumber, roles: principal.roles, unitId: principal.unitId };
    return this.jwt.signAsync(claims);
  }

  /** The principal, or null when the token is missing, forged, expired or malformed. */
  async verify(token: string | undefined): Promise<StaffPrincipal | null> {
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
      const staffId = Number(claims.sub);
      if (!Number.isInteger(staffId) || !Array.isArray(claims.roles) || !claims.roles.every((r) => (ROLES as readonly string[]).includes(r))) return null;
      return { staffId, jobNumber: claims.jobNumber, roles: claims.roles, unitId: claims.unitId ?? null };
    } catch {
      return null;
    }
  }
}
