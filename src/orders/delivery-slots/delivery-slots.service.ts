import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { TransactionRunner } from '../../database/transaction-runner';
import { DomainError } from '../../http/errors/domain-error';
import { TerminalUnit } from '../../organisation/terminal-unit.entity';
import { DeliverySlotCapacity } from '../delivery-slot-capacity.entity';
import type { DeliverySlotDto, WindowSlotsDto } from './dtos/delivery-slots.dto';

/** The slots configured per centre and window; a day's set replaces that day's rows (or every day's) whole. */
@Injectable()
export class DeliverySlotsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async list(centreCode: string): Promise<DeliverySlotDto[]> {
    const centre = await this.centre(centreCode);
    const rows = await this.db.getRepository(DeliverySlotCapacity).find({ where: { centreUnitId: centre.id }, order: { day: 'ASC', timeWindow: 'ASC' } });
    return rows.map((r) => ({ timeWindow: r.timeWindow, day: r.day, slots: r.slots }));
  }

  async set(centreCode: string, day: string | null, windows: WindowSlotsDto[]): Promise<DeliverySlotDto[]> {
    const centre = await this.centre(centreCode);
    const seen = new Set<string>();
    for (const w of windows) {
      if (seen.has(w.timeWindow)) throw new DomainError('request.invalid', { field: 'windows' }, `windows: ${w.timeWindow} is given twice`);
      seen.add(w.timeWindow);
    }
    await this.tx.run(async (tx) => {
      await tx.delete(DeliverySlotCapacity, { centreUnitId: centre.id, day: day ?? IsNull() });
      if (windows.length)
        await tx.insert(
          DeliverySlotCapacity,
          windows.map((w) => ({ centreUnitId: centre.id, day, timeWindow: w.timeWindow, slots: w.slots })),
        );
    });
    return this.list(centreCode);
  }

  private async centre(code: string): Promise<TerminalUnit> {
    const unit = await this.db.getRepository(TerminalUnit).findOneBy({ code });
    if (!unit) throw new DomainError('unit.unknown', { unit: code }, `No unit with code "${code}"`);
    if (unit.terminal !== 'logistics' && unit.terminal !== 'dispatch')
      throw new DomainError('unit.unknown', { unit: code }, `unit "${code}" is a ${unit.terminal} unit, not a logistics centre or dispatch team`);
    return unit;
  }
}
