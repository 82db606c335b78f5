import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminalUnit } from './terminal-unit.entity';
import { TerminalUnitController } from './units/terminal-units.controller';
import { TerminalUnitsService } from './units/terminal-units.service';

/** The organisation: stores, logistics centres and teams (terminal units) that receive work orders. */
@Module({
  imports: [TypeOrmModule.forFeature([TerminalUnit])],
  controllers: [TerminalUnitController],
  providers: [TerminalUnitsService],
})
export class OrganisationModule {}
