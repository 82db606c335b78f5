import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A business line an agent can handle; each queue asks for one skill. */
@Entity('skill')
export class Skill {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;
}
