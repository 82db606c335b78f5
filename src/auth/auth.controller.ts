import { Body, Controller, Get, HttpCode, NotFoundException, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentStaff, Public, Roles, StaffPrincipal } from './auth.decorators';
import { AuthService } from './auth.service';
import { AccessTokenDto, LoginDto } from './dtos/login.dto';
import { StaffDto } from './dtos/staff.dto';
import { ROLES } from './role';
import { StaffService } from './staff.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly staff: StaffService,
  ) {}

  /** Sign in with job number (工号) and password; returns a bearer access token. */
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Req() request: Request): Promise<AccessTokenDto> {
    return this.auth.login(body, request.ip ?? 'unknown');
  }

  /** Who the bearer token belongs to. */
  @ApiBearerAuth()
  @Roles(...ROLES)
  @Get('me')
  async me(@CurrentStaff() principal: StaffPrincipal): Promise<StaffDto> {
    const me = await this.staff.get(principal.jobNumber);
    if (!me) throw new NotFoundException('This account no longer exists');
    return me;
  }
}
