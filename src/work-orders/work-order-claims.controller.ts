import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { ClaimsService } from './claims.service';
import { ClaimDecisionDto, ClaimPaidDto, CreateClaimDto } from './dtos/work-order.dto';
import { ON_ORDERS } from './work-order-access';

/** Claims (理赔) of a work order: requested, approved or rejected by a supervisor, paid. */
@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrderClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Roles(...ON_ORDERS)
  @Get(':number/claims')
  listClaims(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.claims.list(number, staff);
  }

  /** A claim (理赔申请) against the responsible store, logistics, person or manufacturer. */
  @Roles('agent', 'supervisor', 'terminal')
  @Post(':number/claims')
  createClaim(@Param('number') number: string, @Body() body: CreateClaimDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.claims.create(number, body, staff);
  }

  @Roles('supervisor')
  @Post(':number/claims/:id/approve')
  @HttpCode(200)
  approveClaim(@Param('number') number: string, @Param('id', ParseIntPipe) id: number, @Body() body: ClaimDecisionDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.claims.approve(number, id, body, staff);
  }

  @Roles('supervisor')
  @Post(':number/claims/:id/reject')
  @HttpCode(200)
  rejectClaim(@Param('number') number: string, @Param('id', ParseIntPipe) id: number, @Body() body: ClaimDecisionDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.claims.reject(number, id, body, staff);
  }

  @Roles('supervisor')
  @Post(':number/claims/:id/paid')
  @HttpCode(200)
  paidClaim(@Param('number') number: string, @Param('id', ParseIntPipe) id: number, @Body() body: ClaimPaidDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.claims.markPaid(number, id, body, staff);
  }
}
