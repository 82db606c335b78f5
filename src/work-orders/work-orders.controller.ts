import {
  BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query, Res, StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { ROLES } from '../auth/role';
import { AttachmentsService } from './attachments.service';
import { ClaimsService } from './claims.service';
import {
  AcceptanceDto, AssignWorkOrderDto, AttachmentDto, CATEGORY, ClaimDecisionDto, ClaimPaidDto, CreateClaimDto, CreateWorkOrderDto, EscalateDto,
  LinkCallDto, ListWorkOrdersQuery, NoteDto, NotificationsQuery, ProposeSolutionDto, RemarkDto, ReopenDto, SlaPolicyDto, UpdateWorkOrderDto,
  VersionedDto,
} from './dtos/work-order.dto';
import { SlaPolicyService } from './sla-policy.service';
import { WorkOrderNotificationsService } from './work-order-notifications.service';
import { WorkOrdersService } from './work-orders.service';

/** Everyone who works on orders; what each sees is narrowed by unit / authorship in the service. */
const ON_ORDERS = ['agent', 'supervisor', 'quality', 'terminal'] as const;

/** Optimistic locking: `expectedVersion` in the body, or an If-Match header with the version (ETag of GET). */
function withVersion<T extends VersionedDto>(body: T, ifMatch: string | undefined): T {
  if (ifMatch === undefined || body.expectedVersion !== undefined) return body;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!match) throw new BadRequestException('If-Match must be the work order’s version, e.g. "3"');
  return { ...body, expectedVersion: Number(match[1]) };
}

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders/notifications')
export class WorkOrderNotificationsController {
  constructor(private readonly notifications: WorkOrderNotificationsService) {}

  /** Escalations (to supervisors) and major complaints (to management), newest first; ?open=true for unacknowledged. */
  @Roles('supervisor', 'quality')
  @Get()
  list(@Query() query: NotificationsQuery) {
    return this.notifications.list(query.open, query.limit);
  }

  @Roles('supervisor')
  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id', ParseIntPipe) id: number, @CurrentStaff() staff: StaffPrincipal) {
    return this.notifications.acknowledge(id, staff);
  }
}

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPolicyService) {}

  /** The default and every category's service levels. */
  @Roles(...ROLES)
  @Get()
  list() {
    return this.policies.list();
  }

  @Roles('admin', 'supervisor')
  @Put(':category')
  put(@Param('category') category: string, @Body() body: SlaPolicyDto) {
    if (!CATEGORY.test(category)) throw new BadRequestException('category must be 2–32 characters of a-z, 0-9 or _, starting with a letter');
    return this.policies.put(category, body);
  }
}

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly workOrders: WorkOrdersService,
    private readonly claims: ClaimsService,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * Create a work order, standalone or from a call (give callSid: the call is linked). With an
   * `Idempotency-Key`, a retry of the same request answers the first answer (header
   * `Idempotent-Replayed: true`) instead of creating a second order.
   */
  @Roles('agent', 'supervisor', 'terminal')
  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A unique key per work order the client means to create (e.g. a UUID; 1–255 visible ASCII characters). A retry with the same key ' +
      'and body — after a timeout or a reset connection — gets the first answer (same status and body, the same order; header ' +
      '`Idempotent-Replayed: true`); the same key with another body → 422. Keys are per staff member and kept 24 hours.',
  })
  async create(
    @Body() body: CreateWorkOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentStaff() staff: StaffPrincipal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { view, replayed } = await this.workOrders.createOnce(body, staff, idempotencyKey);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  /** List with filters and cursor paging (newest first); `q` searches number, phone or description; `callSid` gives a call's orders. */
  @Roles(...ON_ORDERS)
  @Get()
  list(@Query() query: ListWorkOrdersQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.list(query, staff);
  }

  @Roles(...ON_ORDERS)
  @Get(':number')
  async get(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal, @Res({ passthrough: true }) res: Response) {
    const view = await this.workOrders.open(number, staff);
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Roles('agent', 'supervisor')
  @Patch(':number')
  update(@Param('number') number: string, @Body() body: UpdateWorkOrderDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.update(number, withVersion(body, ifMatch), staff);
  }

  @Roles(...ON_ORDERS)
  @Get(':number/audit')
  audit(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.auditTrail(number, staff);
  }

  /** Assign to a terminal unit (store, logistics centre, team), optionally with the responsible person. */
  @Roles('agent', 'supervisor')
  @Post(':number/assign')
  @HttpCode(200)
  assign(@Param('number') number: string, @Body() body: AssignWorkOrderDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.assign(number, withVersion(body, ifMatch), staff);
  }

  @Roles('terminal', 'agent', 'supervisor')
  @Post(':number/start')
  @HttpCode(200)
  start(@Param('number') number: string, @Body() body: NoteDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.start(number, withVersion(body, ifMatch), staff);
  }

  @Roles('terminal', 'agent', 'supervisor')
  @Post(':number/solution')
  @HttpCode(200)
  propose(@Param('number') number: string, @Body() body: ProposeSolutionDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.proposeSolution(number, withVersion(body, ifMatch), staff);
  }

  /** The customer's acceptance (or rejection → reopened) of the proposed solution, on a call or in person. */
  @Roles(...ON_ORDERS)
  @Post(':number/acceptance')
  @HttpCode(200)
  acceptance(@Param('number') number: string, @Body() body: AcceptanceDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.recordAcceptance(number, withVersion(body, ifMatch), staff);
  }

  /** Close — refused (409) unless the customer's acceptance of the current solution is recorded. */
  @Roles(...ON_ORDERS)
  @Post(':number/close')
  @HttpCode(200)
  close(@Param('number') number: string, @Body() body: NoteDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.close(number, withVersion(body, ifMatch), staff);
  }

  @Roles('agent', 'supervisor', 'quality')
  @Post(':number/reopen')
  @HttpCode(200)
  reopen(@Param('number') number: string, @Body() body: ReopenDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.reopen(number, withVersion(body, ifMatch), staff);
  }

  @Roles('agent', 'supervisor', 'quality')
  @Post(':number/escalate')
  @HttpCode(200)
  escalate(@Param('number') number: string, @Body() body: EscalateDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.escalate(number, withVersion(body, ifMatch), staff);
  }

  /** 无法处理: the handler cannot resolve it — escalated to the supervisor at once. */
  @Roles('terminal', 'agent', 'supervisor')
  @Post(':number/cannot-handle')
  @HttpCode(200)
  cannotHandle(@Param('number') number: string, @Body() body: EscalateDto, @Headers('if-match') ifMatch: string | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.cannotHandle(number, withVersion(body, ifMatch), staff);
  }

  /** Link a call (Twilio CallSid) to the order; idempotent. */
  @Roles('agent', 'supervisor', 'quality')
  @Post(':number/calls')
  @HttpCode(200)
  linkCall(@Param('number') number: string, @Body() body: LinkCallDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.linkCall(number, body.callSid, staff);
  }

  /** A remark "reason + agent + date" with an optional colour flag (seed 000). */
  @Roles(...ON_ORDERS)
  @Post(':number/remarks')
  remark(@Param('number') number: string, @Body() body: RemarkDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.addRemark(number, body, staff);
  }

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

  @Roles(...ON_ORDERS)
  @Get(':number/attachments')
  listAttachments(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.attachments.list(number, staff);
  }

  /** A photo or document (base64 JSON), archived in the customer's folder under the customer's ID. */
  @Roles(...ON_ORDERS)
  @Post(':number/attachments')
  addAttachment(@Param('number') number: string, @Body() body: AttachmentDto, @CurrentStaff() staff: StaffPrincipal) {
    return this.attachments.add(number, body, staff);
  }

  @Roles(...ON_ORDERS)
  @Get(':number/attachments/:id')
  async attachment(@Param('number') number: string, @Param('id', ParseIntPipe) id: number, @CurrentStaff() staff: StaffPrincipal) {
    const { row, data } = await this.attachments.read(number, id, staff);
    return new StreamableFile(data, { type: row.contentType, disposition: `inline; filename="${encodeURIComponent(row.originalName)}"`, length: data.length });
  }
}
