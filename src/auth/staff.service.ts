import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { CreateStaffDto, StaffDto } from './dtos/staff.dto';
import { PasswordHasher } from './password-hasher';
import { Staff } from './staff.entity';

/** Staff accounts: the people who sign in by job number. */
@Injectable()
export class StaffService {
  constructor(
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    @InjectRepository(TerminalUnit) private readonly units: Repository<TerminalUnit>,
    private readonly hasher: PasswordHasher,
  ) {}

  /** With the password hash, for sign-in only. */
  findForSignIn(jobNumber: string): Promise<Staff | null> {
    return this.staff.createQueryBuilder('s').addSelect('s.passwordHash').where('s.jobNumber = :jobNumber', { jobNumber }).getOne();
  }

  async list(): Promise<StaffDto[]> {
    const rows = await this.staff.find({ relations: { unit: true }, order: { jobNumber: 'ASC' } });
    return rows.map(toDto);
  }

  async get(jobNumber: string): Promise<StaffDto | null> {
    const row = await this.staff.findOne({ where: { jobNumber }, relations: { unit: true } });
    return row ? toDto(row) : null;
  }

  async create(input: CreateStaffDto): Promise<StaffDto> {
    const unit = input.unitCode ? await this.units.findOneBy({ code: input.unitCode }) : null;
    if (input.unitCode && !unit) throw new BadRequestException(`unitCode "${input.unitCode}" is not a known unit`);
    if (input.roles.includes('terminal') && !unit) throw new BadRequestException('unitCode is required for terminal staff');
    const passwordHash = await this.hasher.hash(input.password);
    return this.staff.manager.transaction(async (tx) => {
      if (await tx.existsBy(Staff, { jobNumber: input.jobNumber })) throw new ConflictException(`jobNumber ${input.jobNumber} is already taken`);
      const saved = await tx.save(Staff, tx.create(Staff, { jobNumber: input.jobNumber, name: input.name, roles: input.roles, passwordHash, unitId: unit?.id ?? null, active: true }));
      return toDto({ ...saved, unit });
    });
  }
}

function toDto(row: Staff): StaffDto {
  return { jobNumber: row.jobNumber, name: row.name, roles: row.roles, unitCode: row.unit?.code ?? null, active: row.active };
}
