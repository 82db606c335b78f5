import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { StaffPrincipal } from './auth.decorators';
import { ROLES, Role } from './role';
import { StaffStanding } from './staff-standing';

interface AccessTokenClaims {
  sub: string;
  jobNumber: string;
  roles: Role[];
  unitId: number | null;
  /** The account's token version when issued (Staff.tokenVersion); tokens from before it had none (0). */
  ver?: number;
}

/** Issues and reads the bearer tokens used by the REST API and the socket.io handshake. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly standing: StaffStanding,
  ) {}

  issue(principal: StaffPrincipal, tokenVersion: number): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: String(principal.staffId),
      jobNumber: principal.jobNumber,
      roles: principal.roles,
      unitId: principal.unitId,
      ver: tokenVersion,
    };
    return this.jwt.signAsync(claims);
  }

  /** The principal, or null when the token is missing, forged, expired, malformed or revoked (account deactivated or changed since). */
  async verify(token: string | undefined): Promise<StaffPrincipal | null> {
    if (!token) return null;
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    const staffId = Number(claims.sub);
    if (!Number.isInteger(staffId) || !Array.isArray(claims.roles) || !claims.roles.every((r) => (ROLES as readonly string[]).includes(r))) return null;
    const version = claims.ver ?? 0;
    if (!Number.isInteger(version)) return null;
    // Outside the try: a database fault is the database's error, not a 401.
    if (!(await this.standing.isCurrent(staffId, version))) return null;
    return { staffId, jobNumber: claims.jobNumber, roles: claims.roles, unitId: claims.unitId ?? null };
  }
}
