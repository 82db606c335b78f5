import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminalUnit } from './terminal-unit.entity';
import { TerminalUnitController } from './terminal-units.controller';
import { TerminalUnitsService } from './terminal-units.service';

/** The organisation: stores, logistics centres, teams and manufacturers (terminal units) that receive work orders, and their directory. */
@Module({
  imports: [TypeOrmModule.forFeature([TerminalUnit])],
  controllers: [TerminalUnitController],
  providers: [TerminalUnitsService],
  exports: [TerminalUnitsService],
})
export class OrganisationModule {}
