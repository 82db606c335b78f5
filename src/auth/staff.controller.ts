import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from './auth.decorators';
import { AccessTokenDto } from './dtos/login.dto';
import { ChangeOwnPasswordDto, ChangeRolesDto, ResetPasswordDto, StaffAuditPageDto, StaffAuditQuery, StaffStatusChangeDto } from './dtos/staff-lifecycle.dto';
import { CreateStaffDto, PasswordPolicyDto, StaffDto } from './dtos/staff.dto';
import { DomainError } from '../http/errors/domain-error';
import { ROLES } from './role';
import { StaffAuditService } from './staff-audit.service';
import { StaffLifecycleService } from './staff-lifecycle.service';
import { StaffService } from './staff.service';

/** Staff accounts and their lifecycle; every change is audited (`GET /staff/audit`). */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly lifecycle: StaffLifecycleService,
    private readonly audit: StaffAuditService,
  ) {}

  @Roles('admin', 'supervisor')
  @Get()
  list(): Promise<StaffDto[]> {
    return this.staff.list();
  }

  /** The audit of account changes (create, deactivate, reactivate, reset-password, change-password, change-roles), newest first. */
  @Roles('admin')
  @Get('audit')
  auditTrail(@Query() query: StaffAuditQuery): Promise<StaffAuditPageDto> {
    return this.audit.list(query);
  }

  /** What a new password must meet, for every signed-in user's own password change. */
  @Roles(...ROLES)
  @Get('password-policy')
  passwordPolicy(): PasswordPolicyDto {
    return this.staff.passwordPolicy();
  }

  @Roles('admin', 'supervisor')
  @Get(':jobNumber')
  async get(@Param('jobNumber') jobNumber: string): Promise<StaffDto> {
    const found = await this.staff.get(jobNumber);
    if (!found) throw new DomainError('staff.not_found', { jobNumber }, `No staff with jobNumber ${jobNumber}`);
    return found;
  }

  /** A new account; its password must meet the policy. */
  @Roles('admin')
  @Post()
  create(@Body() body: CreateStaffDto, @CurrentStaff() actor: StaffPrincipal): Promise<StaffDto> {
    return this.staff.create(body, actor);
  }

  /** Your own password: the current one is required; your other sessions end and a fresh token is returned. */
  @Roles(...ROLES)
  @Post('me/password')
  @HttpCode(200)
  changeOwnPassword(@Body() body: ChangeOwnPasswordDto, @CurrentStaff() principal: StaffPrincipal, @Req() request: Request): Promise<AccessTokenDto> {
    return this.lifecycle.changeOwnPassword(principal, body, request.ip ?? 'unknown');
  }

  /** Sign-in refused, tokens and softphone sockets cut at once, taken offline in routing. Not your own account, nor the last active admin. */
  @Roles('admin')
  @Post(':jobNumber/deactivate')
  @HttpCode(200)
  deactivate(@Param('jobNumber') jobNumber: string, @Body() body: StaffStatusChangeDto, @CurrentStaff() actor: StaffPrincipal): Promise<StaffDto> {
    return this.lifecycle.deactivate(jobNumber, body, actor);
  }

  /** Sign-in allowed again; tokens issued before the deactivation stay refused. */
  @Roles('admin')
  @Post(':jobNumber/reactivate')
  @HttpCode(200)
  reactivate(@Param('jobNumber') jobNumber: string, @Body() body: StaffStatusChangeDto, @CurrentStaff() actor: StaffPrincipal): Promise<StaffDto> {
    return this.lifecycle.reactivate(jobNumber, body, actor);
  }

  /** Sets a new password (checked against the policy); the member's tokens and sockets end. */
  @Roles('admin')
  @Post(':jobNumber/password-reset')
  @HttpCode(200)
  resetPassword(@Param('jobNumber') jobNumber: string, @Body() body: ResetPasswordDto, @CurrentStaff() actor: StaffPrincipal): Promise<StaffDto> {
    return this.lifecycle.resetPassword(jobNumber, body, actor);
  }

  /** Replaces the member's roles (terminal staff need a unit); their tokens and sockets end, so the next sign-in carries the new roles. */
  @Roles('admin')
  @Put(':jobNumber/roles')
  changeRoles(@Param('jobNumber') jobNumber: string, @Body() body: ChangeRolesDto, @CurrentStaff() actor: StaffPrincipal): Promise<StaffDto> {
    return this.lifecycle.changeRoles(jobNumber, body, actor);
  }
}
