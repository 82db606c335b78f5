import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Staff } from '../auth/staff.entity';
import { Skill } from './skill.entity';

/** An agent's skill and level in it (1 = best). */
@Entity('agent_skill')
@Index('UQ_agent_skill_staff_skill', ['staffId', 'skillId'], { unique: true })
export class AgentSkill {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  staffId: number;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staffId' })
  staff?: Relation<Staff>;

  @Column({ type: 'int' })
  skillId: number;

  @ManyToOne(() => Skill, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'skillId' })
  skill?: Relation<Skill>;

  @Column({ type: 'int' })
  level: number;
}
