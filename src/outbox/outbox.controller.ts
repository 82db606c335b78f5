import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DeadLettersService } from './dead-letters.service';
import { ListDeadLettersQuery, OutboxMessageDto, OutboxMessagePage, OutboxSummaryDto, ReplayDeadLettersDto, ReplayResultDto } from './dtos/outbox.dto';

/** The outbox of changes sent to the order system: what waits, the dead letters and their replay. Supervisors and admins. */
@ApiTags('outbox')
@ApiBearerAuth()
@Controller('outbox')
export class OutboxController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  /** Pending, retrying and dead messages by topic; the oldest pending; delivered in the last day. */
  @Get('summary')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: OutboxSummaryDto })
  summary(): Promise<OutboxSummaryDto> {
    return this.deadLetters.summary();
  }

  /** Messages out of attempts, newest first, with their last error. */
  @Get('dead-letters')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: OutboxMessagePage })
  list(@Query() query: ListDeadLettersQuery): Promise<OutboxMessagePage> {
    return this.deadLetters.list(query);
  }

  /** Sends every dead letter (of a topic prefix) again, attempts counted afresh. */
  @Post('dead-letters/replay')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: ReplayResultDto })
  async replayAll(@Body() body: ReplayDeadLettersDto): Promise<ReplayResultDto> {
    return { replayed: await this.deadLetters.replayAll(body.topic) };
  }

  /** Sends one dead letter again; 409 if it is not dead. */
  @Post('dead-letters/:id/replay')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: OutboxMessageDto })
  replay(
    @Param('id', new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be an outbox message id (a whole number)']) })) id: number,
  ): Promise<OutboxMessageDto> {
    return this.deadLetters.replay(id);
  }
}
