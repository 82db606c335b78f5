import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { maskPhone, masksPhonesFor } from '../customers/phone-masking';
import { normalisePhone } from '../customers/phone-number';
import { WorkOrdersService } from '../work-orders/work-orders.service';
import type { SmsMessageDto } from './dtos/sms-view.dto';
import { SmsMessage } from './sms-message.entity';

const MAX_ROWS = 50;

/** SMS as the desk reads them: a work order's, a customer's; numbers masked for quality monitors. */
@Injectable()
export class SmsMessagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workOrders: WorkOrdersService,
  ) {}

  async forWorkOrder(number: string, principal: StaffPrincipal): Promise<{ items: SmsMessageDto[] }> {
    const order = await this.workOrders.findVisible(this.db.manager, number, principal);
    const rows = await this.db.getRepository(SmsMessage).find({ where: { workOrderId: order.id }, order: { id: 'DESC' }, take: MAX_ROWS });
    return { items: rows.map((m) => toDto(m, principal)) };
  }

  /** Messages to and from the customer's numbers, newest first. */
  async forPhones(phones: string[], principal: StaffPrincipal): Promise<SmsMessageDto[]> {
    if (!phones.length) return [];
    const rows = await this.db.getRepository(SmsMessage).find({ where: { phone: In(phones) }, order: { id: 'DESC' }, take: MAX_ROWS });
    return rows.map((m) => toDto(m, principal));
  }
}

export function toDto(m: SmsMessage, principal: StaffPrincipal): SmsMessageDto {
  return {
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    phone: masksPhonesFor(principal.roles) ? maskPhone(m.phone) : m.phone,
    workOrderNumber: m.workOrderNumber,
    language: m.language,
    body: m.body,
    status: m.status,
    errorCode: m.errorCode,
    attempts: m.attempts,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/** A phone number from a route, in E.164, or a 400 naming it. */
export function phoneParam(value: string): string {
  const phone = normalisePhone(value);
  if (!phone) throw new BadRequestException(`phone must be a phone number (e.g. 13800138000 or +8613800138000), not ${JSON.stringify(value)}`);
  return phone;
}
