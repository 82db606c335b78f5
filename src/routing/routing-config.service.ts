import { Skills } from '@hotline/acd';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Staff } from '../auth/staff.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { DomainError } from '../http/errors/domain-error';
import { AgentSkill } from './agent-skill.entity';
import { CallQueue } from './call-queue.entity';
import {
  AgentSkillsDto,
  AgentSkillsRowView,
  AgentSkillView,
  CreateQueueDto,
  CreateSkillDto,
  MoveAgentDto,
  QueueView,
  UpdateQueueDto,
  UpdateSkillDto,
} from './dtos/routing.dto';
import { RoutingEngineService } from './routing-engine.service';
import { Skill } from './skill.entity';

/**
 * Queues, skills and agents' skills: stored in the database, checked (unknown skill, level out of
 * range, overflow cycles, duplicate IVR keys), and pushed into the running engine after each commit.
 */
@Injectable()
export class RoutingConfigService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly engine: RoutingEngineService,
  ) {
    engine.loadConfiguration = () => this.pushAllQueues();
    // A queue changed on another process (several processes): this one's cache follows the journal.
    engine.queueViews.subscribe((view) => this.cacheQueue(view));
  }

  listSkills(): Promise<Skill[]> {
    return this.db.getRepository(Skill).find({ order: { id: 'ASC' } });
  }

  async createSkill(input: CreateSkillDto): Promise<Skill> {
    return this.tx.run(async (tx) => {
      if (await tx.existsBy(Skill, { code: input.code })) throw new DomainError('skill.exists', { code: input.code }, `skill ${input.code} already exists`);
      return tx.save(Skill, tx.create(Skill, input));
    });
  }

  /** Renames a skill; its code, which queues and agents' skills name, stays. */
  async updateSkill(code: string, input: UpdateSkillDto): Promise<Skill> {
    return this.tx.run(async (tx) => {
      const skill = await tx.findOneBy(Skill, { code });
      if (!skill) throw new DomainError('skill.not_found', { code }, `No skill ${code}`);
      skill.name = input.name;
      return tx.save(Skill, skill);
    });
  }

  async listQueues(): Promise<QueueView[]> {
    const [queues, skills] = await Promise.all([this.db.getRepository(CallQueue).find({ order: { id: 'ASC' } }), this.skillCodes(this.db.manager)]);
    const codes = new Map(queues.map((q) => [q.id, q.code]));
    return queues.map((q) => toView(q, skills.get(q.skillId)!, q.overflowQueueId ? codes.get(q.overflowQueueId)! : null));
  }

  async getQueue(code: string): Promise<QueueView> {
    const found = (await this.listQueues()).find((q) => q.code === code);
    if (!found) throw new DomainError('queue.not_found', { code }, `No queue ${code}`);
    return found;
  }

  async createQueue(input: CreateQueueDto): Promise<QueueView> {
    const view = await this.tx.run(async (tx) => {
      if (await tx.existsBy(CallQueue, { code: input.code })) throw new DomainError('queue.exists', { code: input.code }, `queue ${input.code} already exists`);
      const queue = tx.create(CallQueue, {
        code: input.code,
        menuKey: null,
        strategy: 'longest-idle',
        wrapUpSeconds: 30,
        maxWaitSeconds: 600,
        overflowQueueId: null,
        overflowAfterSeconds: null,
        serviceLevelSeconds: 20,
        joinWhenNoAgents: true,
        recordCalls: false,
      });
      await this.applyQueueInput(tx, queue, input);
      return this.saveQueue(tx, queue);
    });
    await this.pushAllQueues();
    return view;
  }

  async updateQueue(code: string, input: UpdateQueueDto): Promise<QueueView> {
    if (input.code !== undefined && input.code !== code) throw new DomainError('queue.code_unchangeable', { code }, 'code cannot be changed');
    const view = await this.tx.run(async (tx) => {
      const queue = await tx.findOneBy(CallQueue, { code });
      if (!queue) throw new DomainError('queue.not_found', { code }, `No queue ${code}`);
      await this.applyQueueInput(tx, queue, input);
      return this.saveQueue(tx, queue);
    });
    await this.pushAllQueues();
    return view;
  }

  async agentSkills(jobNumber: string): Promise<AgentSkillView[]> {
    const agent = await this.findAgent(this.db.manager, jobNumber);
    return this.readAgentSkills(this.db.manager, agent.id);
  }

  /** Every agent (active or not) with their skills, in job-number order: the settings page's table, in three statements rather than one per agent. */
  async listAgentSkills(): Promise<AgentSkillsRowView[]> {
    const [staff, rows, skills] = await Promise.all([
      this.db.getRepository(Staff).find({ order: { jobNumber: 'ASC' } }),
      this.db.getRepository(AgentSkill).find({ order: { skillId: 'ASC' } }),
      this.skillCodes(this.db.manager),
    ]);
    const byStaff = new Map<number, AgentSkillView[]>();
    for (const r of rows) byStaff.set(r.staffId, [...(byStaff.get(r.staffId) ?? []), { skillCode: skills.get(r.skillId)!, level: r.level }]);
    return staff
      .filter((s) => s.roles.includes('agent'))
      .map((s) => ({ jobNumber: s.jobNumber, name: s.name, active: s.active, skills: byStaff.get(s.id) ?? [] }));
  }

  /** The agent's skills as the engine wants them: skill code → level. */
  async engineSkills(jobNumber: string): Promise<Skills> {
    return Object.fromEntries((await this.agentSkills(jobNumber)).map((s) => [s.skillCode, s.level]));
  }

  async setAgentSkills(jobNumber: string, input: AgentSkillsDto): Promise<AgentSkillView[]> {
    const skills = await this.tx.run(async (tx) => {
      const agent = await this.findAgent(tx, jobNumber);
      const byCode = await this.skillIdsByCode(tx);
      const unknown = input.skills.filter((s) => !byCode.has(s.skillCode)).map((s) => s.skillCode);
      if (unknown.length) throw new DomainError('skill.unknown', { field: 'skills', skill: unknown.join(', ') }, `unknown skill ${unknown.join(', ')}`);
      await tx.delete(AgentSkill, { staffId: agent.id });
      for (const s of input.skills) await tx.insert(AgentSkill, { staffId: agent.id, skillId: byCode.get(s.skillCode)!, level: s.level });
      return this.readAgentSkills(tx, agent.id);
    });
    await this.engine.updateAgentSkills(jobNumber, Object.fromEntries(skills.map((s) => [s.skillCode, s.level])));
    return skills;
  }

  /** Supervisor moves an agent from one queue to another (their skill for each queue). */
  async moveAgent(jobNumber: string, input: MoveAgentDto): Promise<AgentSkillView[]> {
    const queues = await this.listQueues();
    const to = queues.find((q) => q.code === input.toQueue);
    if (!to) throw new DomainError('queue.unknown', { field: 'toQueue', queue: input.toQueue }, `toQueue ${input.toQueue} is not a known queue`);
    const from = input.fromQueue === undefined ? undefined : queues.find((q) => q.code === input.fromQueue);
    if (input.fromQueue !== undefined && !from)
      throw new DomainError('queue.unknown', { field: 'fromQueue', queue: input.fromQueue }, `fromQueue ${input.fromQueue} is not a known queue`);
    const current = await this.agentSkills(jobNumber);
    const level = input.level ?? current.find((s) => s.skillCode === to.skillCode)?.level ?? 2;
    const next = current.filter((s) => s.skillCode !== to.skillCode && s.skillCode !== from?.skillCode).concat({ skillCode: to.skillCode, level });
    return this.setAgentSkills(jobNumber, { skills: next });
  }

  /** 409 when the agent's account is deactivated: they may be set offline, never offered calls. */
  async assertActiveAgent(jobNumber: string): Promise<void> {
    if (!(await this.findAgent(this.db.manager, jobNumber)).active) throw new ConflictException(`Staff ${jobNumber} is deactivated`);
  }

  async findAgent(manager: EntityManager, jobNumber: string): Promise<Staff> {
    const staff = await manager.findOneBy(Staff, { jobNumber });
    if (!staff) throw new NotFoundException(`No staff with jobNumber ${jobNumber}`);
    if (!staff.roles.includes('agent')) throw new ConflictException(`${jobNumber} is not an agent`);
    return staff;
  }

  /**
   * The queues as last loaded — for the call path, which must not query the database per call.
   * Refreshed at start-up and after every change, made by this process or (through the routing
   * journal) by another.
   */
  cachedQueues(): readonly QueueView[] {
    return this.queueCache;
  }

  private queueCache: QueueView[] = [];

  private cacheQueue(view: QueueView): void {
    const at = this.queueCache.findIndex((q) => q.code === view.code);
    this.queueCache = at < 0 ? [...this.queueCache, view] : this.queueCache.map((q, i) => (i === at ? view : q));
  }

  /** Sends every queue's configuration to the engine (start-up and after any change). */
  private async pushAllQueues(): Promise<void> {
    this.queueCache = await this.listQueues();
    for (const view of this.queueCache) await this.engine.upsertQueue(view);
  }

  private async applyQueueInput(tx: EntityManager, queue: CallQueue, input: UpdateQueueDto): Promise<void> {
    const { skillCode, overflowQueueCode, code: _code, ...plain } = input;
    Object.assign(queue, Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined)));
    if (skillCode !== undefined) {
      const skill = await tx.findOneBy(Skill, { code: skillCode });
      if (!skill) throw new DomainError('skill.unknown', { field: 'skillCode', skill: skillCode }, `skillCode ${skillCode} is not a known skill`);
      queue.skillId = skill.id;
    }
    if (overflowQueueCode !== undefined) {
      if (overflowQueueCode === null) {
        queue.overflowQueueId = null;
        queue.overflowAfterSeconds = null;
      } else {
        const target = await tx.findOneBy(CallQueue, { code: overflowQueueCode });
        if (!target)
          throw new DomainError(
            'queue.unknown',
            { field: 'overflowQueueCode', queue: overflowQueueCode },
            `overflowQueueCode ${overflowQueueCode} is not a known queue`,
          );
        queue.overflowQueueId = target.id;
      }
    }
    if ((queue.overflowQueueId == null) !== (queue.overflowAfterSeconds == null)) {
      throw new DomainError('queue.overflow_incomplete', {}, 'overflowQueueCode and overflowAfterSeconds go together: give both or neither');
    }
    if (queue.menuKey) {
      const holder = await tx.findOneBy(CallQueue, { menuKey: queue.menuKey });
      if (holder && holder.code !== queue.code)
        throw new DomainError(
          'queue.menu_key_taken',
          { menuKey: queue.menuKey, queue: holder.code },
          `menuKey ${queue.menuKey} already leads to queue ${holder.code}`,
        );
    }
  }

  private async saveQueue(tx: EntityManager, queue: CallQueue): Promise<QueueView> {
    const saved = await tx.save(CallQueue, queue);
    const all = await tx.find(CallQueue);
    const cycle = findOverflowCycle(all, saved.code);
    if (cycle) throw new DomainError('queue.overflow_loop', { loop: cycle.join(' → ') }, `overflow would loop: ${cycle.join(' → ')}`);
    const skills = await this.skillCodes(tx);
    const target = saved.overflowQueueId ? all.find((q) => q.id === saved.overflowQueueId)!.code : null;
    return toView(saved, skills.get(saved.skillId)!, target);
  }

  private async readAgentSkills(manager: EntityManager, staffId: number): Promise<AgentSkillView[]> {
    const [rows, skills] = await Promise.all([manager.find(AgentSkill, { where: { staffId }, order: { skillId: 'ASC' } }), this.skillCodes(manager)]);
    return rows.map((r) => ({ skillCode: skills.get(r.skillId)!, level: r.level }));
  }

  private async skillCodes(manager: EntityManager): Promise<Map<number, string>> {
    return new Map((await manager.find(Skill)).map((s) => [s.id, s.code]));
  }

  private async skillIdsByCode(manager: EntityManager): Promise<Map<string, number>> {
    return new Map((await manager.find(Skill)).map((s) => [s.code, s.id]));
  }
}

/** The loop through `start`'s overflow chain, if it comes back to a queue already visited. */
export function findOverflowCycle(queues: Pick<CallQueue, 'id' | 'code' | 'overflowQueueId'>[], start: string): string[] | null {
  const byId = new Map(queues.map((q) => [q.id, q]));
  const path: string[] = [];
  let current = queues.find((q) => q.code === start);
  while (current) {
    if (path.includes(current.code)) return [...path.slice(path.indexOf(current.code)), current.code];
    path.push(current.code);
    current = current.overflowQueueId ? byId.get(current.overflowQueueId) : undefined;
  }
  return null;
}

function toView(q: CallQueue, skillCode: string, overflowQueueCode: string | null): QueueView {
  return {
    code: q.code,
    name: q.name,
    skillCode,
    menuKey: q.menuKey ?? null,
    strategy: q.strategy,
    wrapUpSeconds: q.wrapUpSeconds,
    maxWaitSeconds: q.maxWaitSeconds,
    overflowQueueCode,
    overflowAfterSeconds: q.overflowAfterSeconds ?? null,
    serviceLevelSeconds: q.serviceLevelSeconds,
    joinWhenNoAgents: q.joinWhenNoAgents,
    recordCalls: q.recordCalls,
  };
}
