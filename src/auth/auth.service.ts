import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigVariables } from '../../config/config-variables';
import { AccessTokenService } from './access-token.service';
import { AccessTokenDto, LoginDto } from './dtos/login.dto';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

@Injectable()
export class AuthService {
  // Verified against when the job number is unknown, so both failures take the same time.
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokenService,
    private readonly throttle: LoginThrottle,
    private readonly config: ConfigVariables,
  ) {
    this.decoyHash = hasher.hash('decoy-password-never-matches');
  }

  async login(input: LoginDto, clientAddress: string): Promise<AccessTokenDto> {
    await this.throttle.assertAllowed(input.jobNumber);
    const staff = await this.staff.findForSignIn(input.jobNumber);
    const matches = await this.hasher.verify(input.password, staff?.passwordHash ?? (await this.decoyHash));
    if (!staff || !staff.active || !matches) {
      throw (await this.throttle.recordFailure(input.jobNumber, clientAddress)) ?? new UnauthorizedException('Job number or password is incorrect');
    }
    await this.throttle.recordSuccess(input.jobNumber, clientAddress);
    return this.signIn(staff);
  }

  /** A fresh access token for an active account, carrying its current token version. */
  async signIn(staff: Staff): Promise<AccessTokenDto> {
    const accessToken = await this.tokens.issue(
      { staffId: staff.id, jobNumber: staff.jobNumber, roles: staff.roles, unitId: staff.unitId },
      staff.tokenVersion,
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresInSeconds: this.config.JWT_TTL_SECONDS,
      jobNumber: staff.jobNumber,
      name: staff.name,
      roles: staff.roles,
    };
  }
}
