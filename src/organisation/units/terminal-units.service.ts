import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../database/transaction-runner';
import { DomainError } from '../../http/errors/domain-error';
import { TerminalUnit } from '../terminal-unit.entity';
import { CreateTerminalUnitDto, UpdateTerminalUnitDto } from './dtos/terminal-unit.dto';

/** Stores, logistics centres and teams (终端单位): the admin adds them and keeps their names, city and daily capacity. */
@Injectable()
export class TerminalUnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  list(): Promise<TerminalUnit[]> {
    return this.db.getRepository(TerminalUnit).find({ order: { code: 'ASC' } });
  }

  create(input: CreateTerminalUnitDto): Promise<TerminalUnit> {
    return this.tx.run(async (tx) => {
      if (await tx.existsBy(TerminalUnit, { code: input.code }))
        throw new DomainError('unit.exists', { code: input.code }, `unit ${input.code} already exists`);
      return tx.save(TerminalUnit, tx.create(TerminalUnit, { city: null, dailyCapacity: null, ...input }));
    });
  }

  update(code: string, input: UpdateTerminalUnitDto): Promise<TerminalUnit> {
    return this.tx.run(async (tx) => {
      const unit = await tx.findOneBy(TerminalUnit, { code });
      if (!unit) throw new DomainError('unit.not_found', { code }, `No unit ${code}`);
      if (input.code !== undefined && input.code !== code) throw new DomainError('unit.code_unchangeable', { code }, 'code cannot be changed');
      const { code: _code, ...changes } = input;
      Object.assign(unit, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      return tx.save(TerminalUnit, unit);
    });
  }
}
