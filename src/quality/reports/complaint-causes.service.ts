import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { ComplaintCause } from './complaint-cause.entity';
import { PutCauseDto } from './dtos/report.dto';

/** The managed list of complaint cause codes (投诉原因). */
@Injectable()
export class ComplaintCausesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  list(includeRetired: boolean): Promise<ComplaintCause[]> {
    return this.db.getRepository(ComplaintCause).find({ where: includeRetired ? {} : { active: true }, order: { code: 'ASC' } });
  }

  /** Adds or relabels a cause; `active: false` retires it (old reports keep its label). */
  async put(code: string, input: PutCauseDto): Promise<{ cause: ComplaintCause; created: boolean }> {
    const repo = this.db.getRepository(ComplaintCause);
    const existing = await repo.findOneBy({ code });
    const cause = await repo.save({
      code,
      terminal: input.terminal === undefined ? (existing?.terminal ?? null) : input.terminal,
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      active: input.active ?? existing?.active ?? true,
      updatedAt: new Date(this.clock.now()),
    });
    return { cause, created: !existing };
  }
}
