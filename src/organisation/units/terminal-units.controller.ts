import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { ROLES } from '../../auth/role';
import { TerminalUnit } from '../terminal-unit.entity';
import { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dtos/terminal-unit.dto';
import { TerminalUnitsService } from './terminal-units.service';

/** The terminal units and the directory of their numbers (stores, logistics centres, dispatch teams, manufacturers' service lines). */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('units')
export class TerminalUnitController {
  constructor(private readonly units: TerminalUnitsService) {}

  /** Stores, logistics centres, teams and manufacturers, by code; with their numbers, hours and responsible person. */
  @Roles(...ROLES)
  @Get()
  @ApiOkResponse({ type: [TerminalUnit] })
  list(@Query() query: ListUnitsQuery): Promise<TerminalUnit[]> {
    return this.units.list(query);
  }

  /** A new unit or directory entry (a store, a centre, a manufacturer's service line): admins, and supervisors who keep the directory. */
  @Roles('supervisor', 'admin')
  @Post()
  @ApiOkResponse({ type: TerminalUnit })
  create(@Body() body: CreateUnitDto, @CurrentStaff() staff: StaffPrincipal): Promise<TerminalUnit> {
    return this.units.create(body, staff);
  }

  /** Keeps an entry current: its name, terminal, city, capacity, number, hours, responsible person; `null` clears a field. The code stays. */
  @Roles('supervisor', 'admin')
  @Patch(':code')
  @ApiOkResponse({ type: TerminalUnit })
  update(@Param('code') code: string, @Body() body: UpdateUnitDto, @CurrentStaff() staff: StaffPrincipal): Promise<TerminalUnit> {
    return this.units.update(code, body, staff);
  }
}
