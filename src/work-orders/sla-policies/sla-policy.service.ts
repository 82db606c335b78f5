import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { hydrateRow } from '../../database/hydrate-row';
import { sqlPlaceholders } from '../../database/sql-placeholders';
import { ConfigVariables } from '../../../config/config-variables';
import { BUILT_IN_SLA_RULES, BusinessCalendar, parseBusinessCalendar } from './sla';
import { SlaPolicy } from './sla-policy.entity';
import { SlaPolicyDto } from '../dtos/work-order.dto';
import { SlaPolicyView } from './dtos/sla-policy-view.dto';
import { TransactionRunner } from '../../database/transaction-runner';

/** Service levels per category: a stored policy, else the built-in rule (seed 000), else WORK_ORDER_RESOLUTION_HOURS. */
@Injectable()
export class SlaPolicyService {
  readonly calendar: BusinessCalendar;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly tx: TransactionRunner,
  ) {
    this.calendar = parseBusinessCalendar(config.SLA_BUSINESS_HOURS, config.SLA_BUSINESS_DAYS, config.SITE_UTC_OFFSET_MINUTES);
  }

  async ruleFor(category: string, manager: EntityManager = this.db.manager): Promise<SlaPolicyView> {
    return (await this.rulesFor([category], manager)).get(category)!;
  }

  /** The rule of each category, stored policies read in one statement (a batch of creations). */
  async rulesFor(categories: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, SlaPolicyView>> {
    const wanted = [...new Set(categories)];
    // A plain statement: this runs on every batch of creations.
    const rows: Array<Record<string, unknown>> = await manager.query(`SELECT * FROM sla_policy WHERE category IN (${sqlPlaceholders(wanted)})`, wanted);
    const stored = new Map(rows.map((row) => hydrateRow(manager, SlaPolicy, row)).map((s) => [s.category, s]));
    return new Map(wanted.map((category) => [category, this.resolve(category, stored.get(category))]));
  }

  private resolve(category: string, stored: SlaPolicy | undefined): SlaPolicyView {
    if (stored)
      return {
        category,
        source: 'policy',
        firstResponseMinutes: stored.firstResponseMinutes,
        resolutionMinutes: stored.resolutionMinutes,
        businessHoursOnly: stored.businessHoursOnly,
      };
    const builtIn = BUILT_IN_SLA_RULES[category];
    if (builtIn) return { category, source: 'built-in', ...builtIn };
    return {
      category,
      source: 'default',
      firstResponseMinutes: null,
      resolutionMinutes: this.config.WORK_ORDER_RESOLUTION_HOURS * 60,
      businessHoursOnly: false,
    };
  }

  async list(): Promise<SlaPolicyView[]> {
    const stored = await this.db.getRepository(SlaPolicy).find({ order: { category: 'ASC' } });
    const categories = new Set([...Object.keys(BUILT_IN_SLA_RULES), ...stored.map((s) => s.category)]);
    const views = [...categories].sort().map((c) =>
      this.resolve(
        c,
        stored.find((s) => s.category === c),
      ),
    );
    return [
      {
        category: '*',
        source: 'default',
        firstResponseMinutes: null,
        resolutionMinutes: this.config.WORK_ORDER_RESOLUTION_HOURS * 60,
        businessHoursOnly: false,
      },
      ...views,
    ];
  }

  /** Applies to work orders created (or reopened) from now on. */
  put(category: string, input: SlaPolicyDto): Promise<SlaPolicyView> {
    return this.tx.run(async (tx) => {
      await tx.save(SlaPolicy, {
        category,
        firstResponseMinutes: input.firstResponseMinutes ?? null,
        resolutionMinutes: input.resolutionMinutes,
        businessHoursOnly: input.businessHoursOnly ?? false,
      });
      return this.ruleFor(category, tx);
    });
  }

  /** Drops the category's policy: it falls back to the built-in rule or the default (for orders created from now on). */
  remove(category: string): Promise<SlaPolicyView> {
    return this.tx.run(async (tx) => {
      await tx.delete(SlaPolicy, { category });
      return this.ruleFor(category, tx);
    });
  }
}
