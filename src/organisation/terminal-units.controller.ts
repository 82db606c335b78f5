import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { ROLES } from '../auth/role';
import { TerminalUnit } from './terminal-unit.entity';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('units')
export class TerminalUnitController {
  constructor(@InjectRepository(TerminalUnit) private readonly units: Repository<TerminalUnit>) {}

  /** Stores, logistics centres and teams that receive work orders. */
  @Roles(...ROLES)
  @Get()
  list(): Promise<TerminalUnit[]> {
    return this.units.find({ order: { code: 'ASC' } });
  }
}
