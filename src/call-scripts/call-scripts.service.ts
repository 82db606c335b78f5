import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { SCRIPT_SITUATIONS } from '../knowledge/knowledge-categories';
import { CallQueue } from '../routing/call-queue.entity';
import { CallScript } from './call-script.entity';
import type { CallScriptDto, CallScriptKey, ListCallScriptsQuery } from './dtos/call-script.dto';

const view = (s: CallScript): CallScriptDto => ({
  queue: s.queueCode,
  situation: s.situation,
  language: s.language,
  text: s.text,
  updatedBy: s.updatedByJobNumber,
  updatedAt: s.updatedAt,
});

/** Scripts (话术) per queue and situation in each page language, kept by supervisors, read on the softphone. */
@Injectable()
export class CallScriptsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  /** By queue, then situation in the order a call meets them (greeting, apology, escalation, closing), then language. */
  async list(query: ListCallScriptsQuery): Promise<CallScriptDto[]> {
    const rows = await this.db.getRepository(CallScript).find({
      where: { ...(query.queue ? { queueCode: query.queue } : {}), ...(query.language ? { language: query.language } : {}) },
    });
    const order = (s: CallScript) => SCRIPT_SITUATIONS.indexOf(s.situation);
    return rows.sort((a, b) => a.queueCode.localeCompare(b.queueCode) || order(a) - order(b) || a.language.localeCompare(b.language)).map(view);
  }

  /** Writes (or replaces) one script. */
  async write(key: CallScriptKey, text: string, principal: StaffPrincipal): Promise<CallScriptDto> {
    return this.tx.run(async (tx) => {
      if (!(await tx.existsBy(CallQueue, { code: key.queue }))) throw new BadRequestException(`queue ${key.queue} is not a queue`);
      const fields = { text, updatedByJobNumber: principal.jobNumber, updatedAt: new Date(this.clock.now()) };
      const where = { queueCode: key.queue, situation: key.situation, language: key.language };
      const existing = await tx.findOneBy(CallScript, where);
      if (existing) await tx.update(CallScript, { id: existing.id }, fields);
      else await tx.insert(CallScript, { ...where, ...fields });
      return view(await tx.findOneByOrFail(CallScript, where));
    });
  }

  async remove(key: CallScriptKey): Promise<void> {
    const result = await this.db.getRepository(CallScript).delete({ queueCode: key.queue, situation: key.situation, language: key.language });
    if (!result.affected) throw new NotFoundException(`No ${key.language} ${key.situation} script for queue ${key.queue}`);
  }
}
