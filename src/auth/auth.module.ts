import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigVariables, DEVELOPMENT_JWT_SECRET } from '../../config/config-variables';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { StaffController } from './staff.controller';
import { AccessTokenGuard, RolesGuard } from './auth.guards';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { Staff } from './staff.entity';
import { StaffAudit } from './staff-audit.entity';
import { StaffAuditService } from './staff-audit.service';
import { StaffLifecycleService } from './staff-lifecycle.service';
import { StaffStanding } from './staff-standing';
import { RoutingModule } from '../routing/routing.module';
import { StaffService } from './staff.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Staff, StaffAudit, TerminalUnit]),
    RoutingModule,
    JwtModule.registerAsync({
      inject: [ConfigVariables],
      useFactory: (config: ConfigVariables) => {
        // A ready KeyObject: given the secret as a string, jsonwebtoken first tries (and fails) to read it as a
        // PEM public or private key on every sign and verify — a thrown exception per request.
        const key = createSecretKey(Buffer.from(config.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET));
        return { secretOrKeyProvider: () => key, signOptions: { expiresIn: config.JWT_TTL_SECONDS, algorithm: 'HS256' } };
      },
    }),
  ],
  controllers: [AuthController, StaffController],
  providers: [
    AuthService,
    StaffService,
    PasswordHasher,
    AccessTokenService,
    LoginThrottle,
    StaffStanding,
    StaffAuditService,
    StaffLifecycleService,
    { provide: APP_GUARD, useClass: AccessTokenGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AccessTokenService, PasswordHasher, StaffService],
})
export class AuthModule {}
