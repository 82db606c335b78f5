import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CallbackVisitDto, CallbackVisitPage } from './dtos/callback-view.dto';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { CallbackVisitsService } from './callback-visits.service';
import { CallbackResultDto, ListCallbacksQuery, UnreachableDto } from './dtos/callback.dto';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be a callback visit id (a whole number)']) });

/** Callback visits (回访): the work list, placing the call, unreachable attempts, the result. Agents work those of their own work orders. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/callbacks')
export class CallbacksController {
  constructor(private readonly visits: CallbackVisitsService) {}

  /** The work list; customers' numbers masked for quality monitors. */
  @Get()
  @Roles('quality', 'supervisor', 'agent')
  @ApiOkResponse({ type: CallbackVisitPage })
  list(@Query() query: ListCallbacksQuery, @CurrentStaff() principal: StaffPrincipal) {
    return this.visits.list(query, principal);
  }

  /** One visit with the customer's full number and its attempts; the view is audited. */
  @Get(':id')
  @Roles('quality', 'supervisor', 'agent')
  @ApiOkResponse({ type: CallbackVisitDto })
  get(@Param('id', idPipe) id: number, @CurrentStaff() principal: StaffPrincipal): Promise<CallbackVisitDto> {
    return this.visits.get(id, principal);
  }

  /** Calls the customer from the hotline number; the caller's softphone rings when they pick up. */
  @Post(':id/call')
  @HttpCode(200)
  @Roles('quality', 'agent')
  @ApiOkResponse({ type: CallbackVisitDto })
  call(@Param('id', idPipe) id: number, @CurrentStaff() principal: StaffPrincipal): Promise<CallbackVisitDto> {
    return this.visits.placeCall(id, principal);
  }

  @Post(':id/unreachable')
  @HttpCode(200)
  @Roles('quality', 'supervisor', 'agent')
  @ApiOkResponse({ type: CallbackVisitDto })
  unreachable(@Param('id', idPipe) id: number, @Body() body: UnreachableDto, @CurrentStaff() principal: StaffPrincipal): Promise<CallbackVisitDto> {
    return this.visits.recordUnreachable(id, body, principal);
  }

  /** The final result; not solved reopens the work order. */
  @Post(':id/result')
  @HttpCode(200)
  @Roles('quality', 'supervisor', 'agent')
  @ApiOkResponse({ type: CallbackVisitDto })
  result(@Param('id', idPipe) id: number, @Body() body: CallbackResultDto, @CurrentStaff() principal: StaffPrincipal): Promise<CallbackVisitDto> {
    return this.visits.recordResult(id, body, principal);
  }
}
