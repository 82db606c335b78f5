import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallQueue } from '../routing/call-queue.entity';
import { CallScript } from './call-script.entity';
import { CallScriptsController } from './call-scripts.controller';
import { CallScriptsService } from './call-scripts.service';

/** Scripts (话术) per queue and situation, in the agent's language. */
@Module({
  imports: [TypeOrmModule.forFeature([CallScript, CallQueue])],
  controllers: [CallScriptsController],
  providers: [CallScriptsService],
})
export class CallScriptsModule {}
