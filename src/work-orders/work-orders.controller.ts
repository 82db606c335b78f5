import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import {
  AcceptanceDto,
  AssignWorkOrderDto,
  CreateWorkOrderDto,
  EscalateDto,
  LinkCallDto,
  ListWorkOrdersQuery,
  NoteDto,
  ProposeSolutionDto,
  RemarkDto,
  ReopenDto,
  UpdateWorkOrderDto,
} from './dtos/work-order.dto';
import { ExpectedVersion } from './expected-version.decorator';
import { STEP_ROLES } from './lifecycle';
import { ON_ORDERS } from './work-order-access';
import { WorkOrderCreationService } from './work-order-creation.service';
import { WorkOrderLifecycleService } from './work-order-lifecycle.service';
import { WorkOrderSearchService } from './work-order-search.service';
import { WorkOrdersService } from './work-orders.service';

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly workOrders: WorkOrdersService,
    private readonly creation: WorkOrderCreationService,
    private readonly search: WorkOrderSearchService,
    private readonly lifecycle: WorkOrderLifecycleService,
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
    const { view, replayed } = await this.creation.createOnce(body, staff, idempotencyKey);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  /** List with filters and cursor paging (newest first); `q` searches number, phone or words (ranked, with snippets: docs/search.md); `callSid` gives a call's orders. */
  @Roles(...ON_ORDERS)
  @Get()
  list(@Query() query: ListWorkOrdersQuery, @CurrentStaff() staff: StaffPrincipal) {
    return this.search.list(query, staff);
  }

  @Roles(...ON_ORDERS)
  @Get(':number')
  async get(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal, @Res({ passthrough: true }) res: Response) {
    const view = await this.workOrders.open(number, staff);
    res.setHeader('ETag', `"${view.version}"`);
    // The ETag is the order's version (for If-Match); remarks, calls and photos change the body, not the
    // version — so no cached copy may be revalidated by it. Personal data is not kept in caches either.
    res.setHeader('Cache-Control', 'no-store');
    return view;
  }

  @Roles('agent', 'supervisor')
  @Patch(':number')
  update(
    @Param('number') number: string,
    @Body() body: UpdateWorkOrderDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.lifecycle.update(number, { ...body, expectedVersion }, staff);
  }

  @Roles(...ON_ORDERS)
  @Get(':number/audit')
  audit(@Param('number') number: string, @CurrentStaff() staff: StaffPrincipal) {
    return this.workOrders.auditTrail(number, staff);
  }

  /** Assign to a terminal unit (store, logistics centre, team), optionally with the responsible person. */
  @Roles(...STEP_ROLES['assign'])
  @Post(':number/assign')
  @HttpCode(200)
  assign(
    @Param('number') number: string,
    @Body() body: AssignWorkOrderDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.lifecycle.assign(number, { ...body, expectedVersion }, staff);
  }

  @Roles(...STEP_ROLES['start'])
  @Post(':number/start')
  @HttpCode(200)
  start(@Param('number') number: string, @Body() body: NoteDto, @ExpectedVersion() expectedVersion: number | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.lifecycle.start(number, { ...body, expectedVersion }, staff);
  }

  @Roles(...STEP_ROLES['solution'])
  @Post(':number/solution')
  @HttpCode(200)
  propose(
    @Param('number') number: string,
    @Body() body: ProposeSolutionDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.lifecycle.proposeSolution(number, { ...body, expectedVersion }, staff);
  }

  /** The customer's acceptance (or rejection → reopened) of the proposed solution, on a call or in person. */
  @Roles(...STEP_ROLES['acceptance'])
  @Post(':number/acceptance')
  @HttpCode(200)
  acceptance(
    @Param('number') number: string,
    @Body() body: AcceptanceDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.lifecycle.recordAcceptance(number, { ...body, expectedVersion }, staff);
  }

  /** Close — refused (409) unless the customer's acceptance of the current solution is recorded. */
  @Roles(...STEP_ROLES['close'])
  @Post(':number/close')
  @HttpCode(200)
  close(@Param('number') number: string, @Body() body: NoteDto, @ExpectedVersion() expectedVersion: number | undefined, @CurrentStaff() staff: StaffPrincipal) {
    return this.lifecycle.close(number, { ...body, expectedVersion }, staff);
  }

  @Roles(...STEP_ROLES['reopen'])
  @Post(':number/reopen')
  @HttpCode(200)
  reopen(
    @Param('number') number: string,
    @Body() body: ReopenDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.lifecycle.reopen(number, { ...body, expectedVersion }, staff);
  }

  @Roles(...STEP_ROLES['escalate'])
  @Post(':number/escalate')
  @HttpCode(200)
  escalate(
    @Param('number') number: string,
    @Body() body: EscalateDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.lifecycle.escalate(number, { ...body, expectedVersion }, staff);
  }

  /** 无法处理: the handler cannot resolve it — escalated to the supervisor at once. */
  @Roles(...STEP_ROLES['cannot-handle'])
  @Post(':number/cannot-handle')
  @HttpCode(200)
  cannotHandle(
    @Param('number') number: string,
    @Body() body: EscalateDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @CurrentStaff() staff: StaffPrincipal,
  ) {
    return this.lifecycle.cannotHandle(number, { ...body, expectedVersion }, staff);
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
}
