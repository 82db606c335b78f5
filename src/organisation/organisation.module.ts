import { Controller, Get, Module } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ROLES } from '../auth/role';
import { Roles } from '../auth/auth.decorators';
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

@Module({
  imports: [TypeOrmModule.forFeature([TerminalUnit])],
  controllers: [TerminalUnitController],
})
export class OrganisationModule {}
