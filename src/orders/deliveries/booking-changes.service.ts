import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { addDays, siteDay } from '../../clock/site-day';
import { TransactionRunner } from '../../database/transaction-runner';
import { EventBus } from '../../events/event-bus';
import { DomainError } from '../../http/errors/domain-error';
import { WorkOrderCall } from '../../work-orders/work-order-call.entity';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { DeliveryBooking } from '../delivery-booking.entity';
import { OrdersLookupService } from '../lookup/orders-lookup.service';
import { OrderChange } from '../order-change.entity';
import type { OrderChangeKind, StoredBookingStatus } from '../order-kinds';
import { SalesOrder } from '../sales-order.entity';
import { CentreCapacityService } from '../centre-capacity.service';
import type {
  BookingCalendarDto,
  BookingChangeContextDto,
  BookingChangeResultDto,
  ChangeAddressDto,
  OrderChangeDto,
  RescheduleBookingDto,
} from './dtos/booking-change.dto';
import type { BookingSnapshot, OrderChangeEvent } from './order-change-event';
import { OrderChangeOutbox } from './order-change-outbox';

/** The calendar's days when the page names none: two weeks from today. */
const CALENDAR_DAYS = 14;

/** Which statuses each change may start from: a run on its way can no longer be moved from the hotline. */
const CHANGEABLE_FROM: Record<OrderChangeKind, readonly StoredBookingStatus[]> = {
  reschedule: ['booked'],
  address: ['booked', 'failed'],
  redelivery: ['failed'],
};

/**
 * The agent's changes to a delivery or installation booking, from the call: reschedule (改约) only to
 * a window with capacity left at the booking's centre (counted from the bookings, under a lock on the
 * centre), a supervisor's override with a reason past that; the address (改地址); a failed delivery
 * booked again (再配送). Each change is one transaction: the booking, its audit row (who, when, the
 * call, the work order, before and after) and the message for the order system.
 */
@Injectable()
export class BookingChangesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly capacity: CentreCapacityService,
    private readonly lookup: OrdersLookupService,
    private readonly outbox: OrderChangeOutbox,
    private readonly bus: EventBus,
    private readonly config: ConfigVariables,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async calendar(reference: string, from?: string, to?: string): Promise<BookingCalendarDto> {
    const booking = await this.find(this.db.manager, reference);
    from ??= siteDay(new Date(this.clock.now()), this.config.SITE_UTC_OFFSET_MINUTES);
    to ??= addDays(from, CALENDAR_DAYS - 1);
    const days = await this.capacity.calendar(booking.centreUnitId, from, to);
    const order = await this.lookup.byBookingId(booking.id);
    return { reference, centre: order.bookings.find((b) => b.id === booking.id)!.centre, days };
  }

  reschedule(reference: string, body: RescheduleBookingDto, principal: StaffPrincipal): Promise<BookingChangeResultDto> {
    return this.change(reference, 'reschedule', body, principal, (tx, booking) => this.moveTo(tx, booking, body, principal));
  }

  redeliver(reference: string, body: RescheduleBookingDto, principal: StaffPrincipal): Promise<BookingChangeResultDto> {
    return this.change(reference, 'redelivery', body, principal, async (tx, booking) => ({
      ...(await this.moveTo(tx, booking, body, principal)),
      status: 'booked' as const,
    }));
  }

  changeAddress(reference: string, body: ChangeAddressDto, principal: StaffPrincipal): Promise<BookingChangeResultDto> {
    return this.change(reference, 'address', body, principal, (_tx, booking) => {
      if (body.address.trim() === booking.address)
        throw new DomainError('request.invalid', { field: 'address' }, 'address: the booking already has this address');
      return Promise.resolve({ address: body.address.trim(), override: null });
    });
  }

  async changes(reference: string): Promise<OrderChangeDto[]> {
    const booking = await this.find(this.db.manager, reference);
    const rows = await this.db.getRepository(OrderChange).find({ where: { bookingId: booking.id }, order: { id: 'DESC' }, take: 50 });
    const ids = [...new Set(rows.flatMap((r) => (r.workOrderId ? [r.workOrderId] : [])))];
    const numbers = new Map(
      (ids.length ? await this.db.getRepository(WorkOrder).find({ where: { id: In(ids) }, select: { id: true, number: true } }) : []).map((w) => [
        w.id,
        w.number,
      ]),
    );
    return rows.map((r) => view(r, r.workOrderId ? (numbers.get(r.workOrderId) ?? null) : null));
  }

  private async moveTo(
    tx: EntityManager,
    booking: DeliveryBooking,
    body: RescheduleBookingDto,
    principal: StaffPrincipal,
  ): Promise<{ day: string; timeWindow: string; override: { byJobNumber: string; reason: string } | null }> {
    const today = siteDay(new Date(this.clock.now()), this.config.SITE_UTC_OFFSET_MINUTES);
    if (body.day < today) throw new DomainError('request.invalid', { field: 'day', today }, `day: ${body.day} is before today (${today})`);
    if (body.day === booking.day && body.timeWindow === booking.timeWindow && booking.status === 'booked')
      throw new DomainError('request.invalid', { field: 'day' }, 'day and timeWindow: the booking is already in that window');
    await this.capacity.lockCentre(tx, booking.centreUnitId);
    const [day] = await this.capacity.calendar(booking.centreUnitId, body.day, body.day, tx);
    const window = day.windows.find((w) => w.timeWindow === body.timeWindow);
    if (!window || (window.slots === 0 && window.booked === 0))
      throw new DomainError(
        'booking.window_unknown',
        { day: body.day, timeWindow: body.timeWindow, windows: day.windows.filter((w) => w.slots > 0).map((w) => w.timeWindow) },
        `timeWindow: the centre runs no ${body.timeWindow} window on ${body.day} (windows: ${day.windows.map((w) => w.timeWindow).join(', ') || 'none'})`,
      );
    if (window.remaining > 0) return { day: body.day, timeWindow: body.timeWindow, override: null };
    const figures = { day: body.day, timeWindow: body.timeWindow, slots: window.slots, booked: window.booked };
    if (!body.override)
      throw new DomainError(
        'booking.window_full',
        figures,
        `${body.day} ${body.timeWindow} is full (${window.booked} booked of ${window.slots}): a supervisor may override with a reason`,
      );
    if (!principal.roles.includes('supervisor'))
      throw new DomainError('booking.override_forbidden', figures, 'only a supervisor (客服主管) may book a window over capacity');
    return { day: body.day, timeWindow: body.timeWindow, override: { byJobNumber: principal.jobNumber, reason: body.override.reason.trim() } };
  }

  private async change(
    reference: string,
    kind: OrderChangeKind,
    context: BookingChangeContextDto,
    principal: StaffPrincipal,
    mutate: (
      tx: EntityManager,
      booking: DeliveryBooking,
    ) => Promise<Partial<Pick<DeliveryBooking, 'day' | 'timeWindow' | 'status' | 'address'>> & { override: { byJobNumber: string; reason: string } | null }>,
  ): Promise<BookingChangeResultDto> {
    const now = new Date(this.clock.now());
    const { event, bookingId } = await this.tx.run(async (tx) => {
      const booking = await this.find(tx, reference, true);
      if (context.expectedVersion !== undefined && context.expectedVersion !== booking.version)
        throw new DomainError(
          'booking.stale',
          { expectedVersion: context.expectedVersion, version: booking.version },
          `booking ${reference} changed meanwhile (version ${booking.version}, not ${context.expectedVersion}): read it again`,
        );
      if (!CHANGEABLE_FROM[kind].includes(booking.status))
        throw new DomainError(
          'booking.not_changeable',
          { kind, status: booking.status, allowed: [...CHANGEABLE_FROM[kind]] },
          `a ${booking.status} booking cannot be given a ${kind} (only ${CHANGEABLE_FROM[kind].join(' or ')})`,
        );
      const workOrder = await this.workOrderFor(tx, context);
      const { override, ...change } = await mutate(tx, booking);
      const before = snapshot(booking);
      const after = { ...before, ...change };
      await tx.update(DeliveryBooking, { id: booking.id }, { ...change, version: booking.version + 1, updatedAt: now });
      const audit = await tx.save(
        tx.create(OrderChange, {
          orderId: booking.orderId,
          bookingId: booking.id,
          kind,
          callSid: context.callSid ?? null,
          workOrderId: workOrder?.id ?? null,
          byJobNumber: principal.jobNumber,
          at: now,
          before: JSON.stringify(before),
          after: JSON.stringify(after),
          overrideReason: override?.reason ?? null,
          overrideByJobNumber: override?.byJobNumber ?? null,
        }),
      );
      const order = await tx.findOneByOrFail(SalesOrder, { id: booking.orderId });
      const event: OrderChangeEvent = {
        changeId: audit.id,
        kind,
        orderNumber: order.number,
        bookingReference: booking.reference,
        before,
        after,
        callSid: audit.callSid,
        workOrderNumber: workOrder?.number ?? null,
        byJobNumber: principal.jobNumber,
        override,
        at: now.toISOString(),
      };
      await this.outbox.enqueue(tx, event);
      return { event, bookingId: booking.id };
    });
    this.bus.publish('order-change', event);
    const order = await this.lookup.byBookingId(bookingId);
    const change = (await this.changes(reference)).find((c) => c.id === event.changeId)!;
    return { booking: order.bookings.find((b) => b.id === bookingId)!, change };
  }

  private async find(manager: EntityManager, reference: string, lock = false): Promise<DeliveryBooking> {
    const qb = manager.getRepository(DeliveryBooking).createQueryBuilder('b').where('b.reference = :reference', { reference });
    if (lock && manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    const booking = await qb.getOne();
    if (!booking) throw new DomainError('booking.not_found', { reference }, `No booking ${reference}`);
    return booking;
  }

  /** The given work order, else the newest one linked to the call. */
  private async workOrderFor(tx: EntityManager, context: BookingChangeContextDto): Promise<{ id: number; number: string } | null> {
    if (context.workOrderNumber) {
      const order = await tx.findOne(WorkOrder, { where: { number: context.workOrderNumber }, select: { id: true, number: true } });
      if (!order) throw new DomainError('work_order.not_found', { number: context.workOrderNumber }, `No work order ${context.workOrderNumber}`);
      return order;
    }
    if (!context.callSid) return null;
    const link = await tx.findOne(WorkOrderCall, { where: { callSid: context.callSid }, order: { workOrderId: 'DESC' } });
    return link ? tx.findOne(WorkOrder, { where: { id: link.workOrderId }, select: { id: true, number: true } }) : null;
  }
}

function snapshot(b: DeliveryBooking): BookingSnapshot {
  return { day: b.day, timeWindow: b.timeWindow, status: b.status, address: b.address };
}

function view(r: OrderChange, workOrderNumber: string | null): OrderChangeDto {
  return {
    id: r.id,
    kind: r.kind,
    callSid: r.callSid,
    workOrderNumber,
    byJobNumber: r.byJobNumber,
    at: r.at,
    before: JSON.parse(r.before) as Record<string, unknown>,
    after: JSON.parse(r.after) as Record<string, unknown>,
    overrideReason: r.overrideReason,
    overrideByJobNumber: r.overrideByJobNumber,
  };
}
