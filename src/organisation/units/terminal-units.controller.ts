import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ROLES } from '../../auth/role';
import { TerminalUnit } from '../terminal-unit.entity';
import { CreateTerminalUnitDto, UpdateTerminalUnitDto } from './dtos/terminal-unit.dto';
import { TerminalUnitsService } from './terminal-units.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('units')
export class TerminalUnitController {
  constructor(private readonly units: TerminalUnitsService) {}

  /** Stores, logistics centres and teams that receive work orders. */
  @Roles(...ROLES)
  @Get()
  list(): Promise<TerminalUnit[]> {
    return this.units.list();
  }

  /** A new store, logistics centre or team (admins). */
  @Roles('admin')
  @Post()
  create(@Body() body: CreateTerminalUnitDto): Promise<TerminalUnit> {
    return this.units.create(body);
  }

  /** Renames a unit, or changes its terminal, city or daily capacity; its code stays. */
  @Roles('admin')
  @Patch(':code')
  update(@Param('code') code: string, @Body() body: UpdateTerminalUnitDto): Promise<TerminalUnit> {
    return this.units.update(code, body);
  }
}
