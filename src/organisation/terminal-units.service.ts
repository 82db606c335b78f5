import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import type { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dtos/unit.dto';
import { TerminalUnit } from './terminal-unit.entity';

/**
 * The terminal units and their directory entries (登记并更新门店、物流、厂家电话): who to call at a store, a
 * logistics centre, a dispatch team or a manufacturer's service line, kept current by supervisors.
 * Numbers are shown in full to every role: they are business lines, not customers' personal data.
 */
@Injectable()
export class TerminalUnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  list(query: ListUnitsQuery): Promise<TerminalUnit[]> {
    const qb = this.db.getRepository(TerminalUnit).createQueryBuilder('u');
    if (query.terminal) qb.andWhere('u.terminal = :terminal', { terminal: query.terminal });
    if (query.q) {
      const like = `%${query.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere(
        new Brackets((w) => {
          for (const column of ['code', 'name', 'city', 'phone', 'contactPerson']) w.orWhere(`u.${column} LIKE :like ESCAPE '!'`, { like });
        }),
      );
    }
    return qb.orderBy('u.code', 'ASC').getMany();
  }

  async byCode(code: string): Promise<TerminalUnit> {
    const unit = await this.db.getRepository(TerminalUnit).findOneBy({ code });
    if (!unit) throw new NotFoundException(`No unit ${code} in the directory`);
    return unit;
  }

  async create(input: CreateUnitDto, principal: StaffPrincipal): Promise<TerminalUnit> {
    return this.tx.run(async (tx) => {
      if (await tx.existsBy(TerminalUnit, { code: input.code })) throw new ConflictException(`Unit ${input.code} already exists`);
      return tx.save(
        TerminalUnit,
        tx.create(TerminalUnit, {
          code: input.code,
          name: input.name,
          terminal: input.terminal,
          city: input.city ?? null,
          dailyCapacity: input.dailyCapacity ?? null,
          phone: input.phone ?? null,
          hours: input.hours ?? null,
          contactPerson: input.contactPerson ?? null,
          notes: input.notes ?? null,
          updatedByJobNumber: principal.jobNumber,
          updatedAt: new Date(this.clock.now()),
        }),
      );
    });
  }

  async update(code: string, input: UpdateUnitDto, principal: StaffPrincipal): Promise<TerminalUnit> {
    return this.tx.run(async (tx) => {
      const unit = await tx.findOneBy(TerminalUnit, { code });
      if (!unit) throw new NotFoundException(`No unit ${code} in the directory`);
      const changes: Partial<TerminalUnit> = { updatedByJobNumber: principal.jobNumber, updatedAt: new Date(this.clock.now()) };
      for (const field of ['name', 'city', 'phone', 'hours', 'contactPerson', 'notes'] as const) {
        if (input[field] !== undefined) (changes as Record<string, unknown>)[field] = input[field];
      }
      await tx.update(TerminalUnit, { id: unit.id }, changes);
      return tx.findOneByOrFail(TerminalUnit, { id: unit.id });
    });
  }
}
