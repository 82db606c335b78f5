import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { TERMINALS } from '../../organisation/terminals';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { siteDay, siteDayStart } from '../../clock/site-day';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { isUniqueViolation } from '../../database/unique-violation';
import { PhoneViewsService } from '../../customers/phone-views.service';
import { maskPhone, masksPhonesFor } from '../../customers/phone-masking';
import { CompleteSpotCheckDto, ListSpotChecksQuery } from './dtos/spot-check.dto';
import { sampleSize, sampleWorkOrders } from './spot-check-sampling';
import { SpotCheck } from './spot-check.entity';
import type { PeriodicJob } from '../../scheduling/periodic-job';
import { PeriodicJobs } from '../../scheduling/periodic-jobs';
import type { SampleResultDto, SpotCheckDto } from './dtos/spot-check-view.dto';

const DAY_MS = 86_400_000;
const INTERVAL_NAME = 'quality:spot-check-sampling';

/**
 * Random spot checks (抽查): each day, a reproducible random share (SPOT_CHECK_SHARE, at least one)
 * of the work orders each terminal closed the previous site day become tasks for the quality
 * monitors. A terminal's sample for a day is drawn once: sampling the day again — the hourly job,
 * another process, or on demand — keeps the set it has (unique per order and day).
 */
@Injectable()
export class SpotChecksService implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly phoneViews: PhoneViewsService,
    private readonly jobs: PeriodicJobs,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('spot-checks');
  }

  onApplicationBootstrap(): void {
    this.job = this.jobs.create({
      name: INTERVAL_NAME,
      intervalSeconds: this.config.SPOT_CHECK_INTERVAL_SECONDS,
      run: () =>
        this.sampleYesterday(new Date(this.clock.now())).then((r) =>
          this.logger.debug({ day: r.day, sampled: r.terminals.reduce((n, t) => n + t.sampled, 0) }, 'spot checks sampled'),
        ),
      onError: (err: unknown) => this.logger.error({ err }, 'spot-check sampling failed'),
    });
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
  }

  /** The scheduled job: samples the site day before the one `now` falls on. */
  sampleYesterday(now: Date): Promise<SampleResultDto> {
    return this.sample(siteDay(new Date(now.getTime() - DAY_MS), this.config.SITE_UTC_OFFSET_MINUTES));
  }

  /** Samples a site day (idempotent); returns per terminal how many orders closed and the sample. */
  async sample(day: string): Promise<SampleResultDto> {
    const offset = this.config.SITE_UTC_OFFSET_MINUTES;
    const start = siteDayStart(day, offset);
    if (siteDay(start, offset) !== day) throw new BadRequestException([`date "${day}" is not a calendar date`]);
    const end = new Date(start.getTime() + DAY_MS);
    if (start.getTime() > this.clock.now()) throw new BadRequestException([`date ${day} has not begun yet`]);
    // Orders that closed that day and are closed now (IDX_work_order_open walks closedAt).
    const closed = await this.db
      .getRepository(WorkOrder)
      .createQueryBuilder('o')
      .select(['o.id', 'o.number', 'o.terminal', 'o.closedAt'])
      .where('o.closedAt >= :start AND o.closedAt < :end', { start, end })
      .getMany();
    const existing = await this.db.getRepository(SpotCheck).find({ where: { siteDay: day }, select: { id: true, terminal: true, workOrderNumber: true } });
    const share = this.config.SPOT_CHECK_SHARE;
    const result: SampleResultDto = { day, share, terminals: [] };
    for (const terminal of TERMINALS) {
      const population = closed.filter((o) => o.terminal === terminal);
      const drawn = existing.filter((s) => s.terminal === terminal);
      if (drawn.length > 0 || population.length === 0) {
        // Drawn once already (by this or another process): the day's sample for the terminal stands.
        if (drawn.length || population.length)
          result.terminals.push({ terminal, closed: population.length, sampled: drawn.length, workOrders: drawn.map((s) => s.workOrderNumber).sort() });
        continue;
      }
      const ids = new Set(
        sampleWorkOrders(
          population.map((o) => o.id),
          day,
          terminal,
          share,
        ),
      );
      const chosen = population.filter((o) => ids.has(o.id));
      const now = new Date(this.clock.now());
      for (const order of chosen) {
        try {
          await this.db.getRepository(SpotCheck).insert({
            workOrderId: order.id,
            workOrderNumber: order.number,
            siteDay: day,
            terminal,
            closedAt: order.closedAt!,
            status: 'open',
            evaluationId: null,
            note: null,
            completedAt: null,
            completedById: null,
            completedByJobNumber: null,
            createdAt: now,
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // another process drew the same order at the same moment
        }
      }
      result.terminals.push({ terminal, closed: population.length, sampled: chosen.length, workOrders: chosen.map((o) => o.number).sort() });
    }
    return result;
  }

  /** The expected sample size for a population (shown with the sample). */
  sampleSize(population: number): number {
    return sampleSize(population, this.config.SPOT_CHECK_SHARE);
  }

  async list(query: ListSpotChecksQuery, principal: StaffPrincipal): Promise<{ items: SpotCheckDto[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const qb = this.db
      .getRepository(SpotCheck)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.workOrder', 'o')
      .leftJoinAndSelect('o.unit', 'unit')
      .leftJoinAndSelect('o.customer', 'customer')
      .orderBy('s.id', 'DESC')
      .limit(limit + 1);
    if (query.date) qb.andWhere('s.siteDay = :day', { day: query.date });
    if (query.terminal) qb.andWhere('s.terminal = :terminal', { terminal: query.terminal });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.cursor) qb.andWhere('s.id < :before', { before: decodeCursor('s', query.cursor, 1)[0] });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    const masked = masksPhonesFor(principal.roles);
    return {
      items: page.map((s) => view(s, masked)),
      nextCursor: rows.length > limit ? encodeCursor('s', page[page.length - 1].id) : null,
    };
  }

  /** One spot check with the customer's full number; the view is audited. */
  async get(id: number, principal: StaffPrincipal): Promise<SpotCheckDto> {
    const check = await this.find(id);
    await this.phoneViews.record(principal, { id: check.workOrderId, number: check.workOrderNumber }, 'spot_check', check.id);
    return view(check, false);
  }

  /** Done: the note, and the scorecard evaluation it was scored with, if any. Once only. */
  async complete(id: number, input: CompleteSpotCheckDto, principal: StaffPrincipal): Promise<SpotCheckDto> {
    const now = new Date(this.clock.now());
    const result = await this.db
      .createQueryBuilder()
      .update(SpotCheck)
      .set({
        status: 'done',
        evaluationId: input.evaluationId ?? null,
        note: input.note,
        completedAt: now,
        completedById: principal.staffId,
        completedByJobNumber: principal.jobNumber,
      })
      .where("id = :id AND status = 'open'", { id })
      .execute();
    if (result.affected !== 1) {
      const check = await this.find(id);
      throw new ConflictException({ message: `Spot check ${id} is already done (by ${check.completedByJobNumber ?? 'someone'})`, status: check.status });
    }
    return view(await this.find(id), masksPhonesFor(principal.roles));
  }

  private async find(id: number): Promise<SpotCheck> {
    const check = await this.db.getRepository(SpotCheck).findOne({ where: { id }, relations: { workOrder: { unit: true, customer: true } } });
    if (!check || !check.workOrder) throw new NotFoundException(`No spot check ${id}`);
    return check;
  }
}

function view(s: SpotCheck, masked: boolean): SpotCheckDto {
  const o = s.workOrder!;
  return {
    id: s.id,
    day: s.siteDay,
    status: s.status,
    terminal: s.terminal,
    closedAt: s.closedAt,
    workOrder: {
      number: o.number,
      status: o.status,
      category: o.category,
      unit: o.unit ? { code: o.unit.code, name: o.unit.name } : null,
      solution: o.solution,
      description: o.description,
    },
    customer: { name: o.customer?.name ?? null, phone: masked ? maskPhone(o.customerPhone) : o.customerPhone, phoneMasked: masked },
    evaluationId: s.evaluationId,
    note: s.note,
    completedBy: s.completedByJobNumber,
    completedAt: s.completedAt,
  };
}
