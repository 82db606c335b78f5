import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ScriptLanguage, ScriptSituation } from '../knowledge/knowledge-categories';

/** What an agent of a queue says in a situation (话术), in one language. */
@Entity('call_script')
@Index('UQ_call_script', ['queueCode', 'situation', 'language'], { unique: true })
export class CallScript {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  queueCode: string;

  @Column({ type: 'varchar', length: 16 })
  situation: ScriptSituation;

  @Column({ type: 'varchar', length: 8 })
  language: ScriptLanguage;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 16 })
  updatedByJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
