import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subject, Subscription } from 'rxjs';
import { Repository } from 'typeorm';
import { StaffPrincipal } from '../auth/auth.decorators';
import { Staff } from '../auth/staff.entity';
import { CustomersService } from '../customers/customers.service';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { CallRecordsService } from '../telephony/call-records.service';
import { WorkOrderEvents } from '../work-orders/work-order-events.service';
import { ScreenPopEvent } from './softphone.events';
import { normalisePhone } from '../customers/phone-number';
import { OrdersLookupService } from '../orders/lookup/orders-lookup.service';

/**
 * The screen pop (来电弹屏) pushed to an agent: when a call connects to them, and again, refreshed,
 * when a work order is created from that call — the history the agent reads is the one
 * GET /customers/by-phone gives them, without the call itself among the earlier calls.
 */
@Injectable()
export class ScreenPopService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly popsSubject = new Subject<{ jobNumber: string; pop: ScreenPopEvent; local: boolean }>();
  private subscription?: Subscription;

  constructor(
    private readonly engine: RoutingEngineService,
    private readonly records: CallRecordsService,
    private readonly customers: CustomersService,
    private readonly workOrders: WorkOrderEvents,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    private readonly orders: OrdersLookupService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('screen-pop');
  }

  /**
   * Pops to send, each to one agent. `local`: raised by a routing command, which every process
   * applies — each sends it to its own sockets only; a work order's pop is raised by one process
   * and goes to the agent's sockets wherever they are.
   */
  get pops$(): Observable<{ jobNumber: string; pop: ScreenPopEvent; local: boolean }> {
    return this.popsSubject.asObservable();
  }

  onApplicationBootstrap(): void {
    this.subscription = this.engine.commands.subscribe((command) => {
      // Several processes: the one holding the agent's page builds the pop (the customer's history, orders).
      if (command.type !== 'agent-state' || command.state !== 'on-call' || !this.engine.hasSocketHere(command.agentId)) return;
      const callId = this.engine.agentState(command.agentId).callId;
      if (callId) this.push(command.agentId, callId.split('#')[0], 'connected', true);
    });
    this.subscription.add(
      this.workOrders.events$.subscribe((event) => {
        if (event.type !== 'created') return;
        this.records.find(event.callSid).then(
          (record) => record?.agentJobNumber && this.push(record.agentJobNumber, event.callSid, 'work-order-created', false),
          (error: unknown) => this.logger.warn({ err: error, callSid: event.callSid }, 'could not refresh the screen pop'),
        );
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.popsSubject.complete();
  }

  /** The pop for `callSid` as agent `jobNumber` may see it, or null if the call or the agent is unknown. */
  async popFor(jobNumber: string, callSid: string, reason: ScreenPopEvent['reason']): Promise<ScreenPopEvent | null> {
    const [record, member] = await Promise.all([this.records.find(callSid), this.staff.findOneBy({ jobNumber })]);
    if (!record || !member) return null;
    const principal: StaffPrincipal = { staffId: member.id, jobNumber, roles: member.roles, unitId: member.unitId ?? null };
    // An outbound call's customer is the number called; an inbound call's, the caller.
    const phone = record.direction === 'inbound' ? record.fromNumber : record.toNumber;
    const e164 = normalisePhone(phone);
    const [history, salesOrders] = await Promise.all([
      this.customers.historyByPhone(phone, principal).catch(() => null),
      e164 ? this.orders.byPhone(e164) : [],
    ]);
    if (!history) return null; // anonymous or not a phone number: the page shows the caller as given
    return { callSid, reason, ...history, previousCalls: history.previousCalls.filter((c) => c.callSid !== callSid), salesOrders };
  }

  private push(jobNumber: string, callSid: string, reason: ScreenPopEvent['reason'], local: boolean): void {
    this.popFor(jobNumber, callSid, reason).then(
      (pop) => pop && this.popsSubject.next({ jobNumber, pop, local }),
      (error: unknown) => this.logger.warn({ err: error, callSid }, 'could not build the screen pop'),
    );
  }
}
