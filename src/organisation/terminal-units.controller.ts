import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { ROLES } from '../auth/role';
import { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dtos/unit.dto';
import { TerminalUnit } from './terminal-unit.entity';
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

  /** A new entry (a manufacturer's service line, a new store). */
  @Roles('supervisor', 'admin')
  @Post()
  @ApiOkResponse({ type: TerminalUnit })
  create(@Body() body: CreateUnitDto, @CurrentStaff() staff: StaffPrincipal): Promise<TerminalUnit> {
    return this.units.create(body, staff);
  }

  /** Keeps an entry current: its name, number, hours, responsible person; `null` clears a field. */
  @Roles('supervisor', 'admin')
  @Patch(':code')
  @ApiOkResponse({ type: TerminalUnit })
  update(@Param('code') code: string, @Body() body: UpdateUnitDto, @CurrentStaff() staff: StaffPrincipal): Promise<TerminalUnit> {
    return this.units.update(code, body, staff);
  }
}
