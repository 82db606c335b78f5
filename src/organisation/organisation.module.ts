import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminalUnit } from './terminal-unit.entity';
import { TerminalUnitController } from './terminal-units.controller';

/** The organisation: stores, logistics centres and teams (terminal units) that receive work orders. */
@Module({
  imports: [TypeOrmModule.forFeature([TerminalUnit])],
  controllers: [TerminalUnitController],
})
export class OrganisationModule {}
