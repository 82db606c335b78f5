import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SampleResultDto, SpotCheckDto, SpotCheckPage } from './dtos/spot-check-view.dto';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import { CompleteSpotCheckDto, ListSpotChecksQuery, SampleSpotChecksDto } from './dtos/spot-check.dto';
import { SpotChecksService } from './spot-checks.service';

const idPipe = new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be a spot check id (a whole number)']) });

/** Random spot checks (抽查) of closed work orders. */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/spot-checks')
export class SpotChecksController {
  constructor(private readonly spotChecks: SpotChecksService) {}

  /** Samples a site day now (idempotent: the same day gives the same set). */
  @Post('sample')
  @HttpCode(200)
  @Roles('quality', 'supervisor', 'admin')
  @ApiOkResponse({ type: SampleResultDto })
  sample(@Body() body: SampleSpotChecksDto): Promise<SampleResultDto> {
    return this.spotChecks.sample(body.date);
  }

  /** The list; customers' numbers masked for quality monitors. */
  @Get()
  @Roles('quality', 'supervisor')
  @ApiOkResponse({ type: SpotCheckPage })
  list(@Query() query: ListSpotChecksQuery, @CurrentStaff() principal: StaffPrincipal) {
    return this.spotChecks.list(query, principal);
  }

  /** One spot check with the customer's full number; the view is audited. */
  @Get(':id')
  @Roles('quality', 'supervisor')
  @ApiOkResponse({ type: SpotCheckDto })
  get(@Param('id', idPipe) id: number, @CurrentStaff() principal: StaffPrincipal): Promise<SpotCheckDto> {
    return this.spotChecks.get(id, principal);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('quality', 'supervisor')
  @ApiOkResponse({ type: SpotCheckDto })
  complete(@Param('id', idPipe) id: number, @Body() body: CompleteSpotCheckDto, @CurrentStaff() principal: StaffPrincipal): Promise<SpotCheckDto> {
    return this.spotChecks.complete(id, body, principal);
  }
}
