import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { OmsChangeDto, OmsChangeResultDto } from './dtos/oms-change.dto';
import { OmsPushService } from './oms-push.service';
import { OmsSignatureGuard } from './oms-signature.guard';

/** The order system's push of an order's changes; no bearer token — the HMAC signature is the credential. */
@ApiTags('orders')
@Controller('orders/oms-changes')
export class OmsPushController {
  constructor(private readonly push: OmsPushService) {}

  /** Applies one order's change when its version is newer than the stored one; a replay or an older change is answered and ignored. */
  @Post()
  @Public()
  @HttpCode(200)
  @ApiHeader({ name: 'X-OMS-Signature', required: true, description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">' })
  @ApiHeader({ name: 'X-OMS-Timestamp', required: true, description: 'unix seconds; refused beyond OMS_PUSH_MAX_SKEW_SECONDS' })
  @ApiOkResponse({ type: OmsChangeResultDto })
  @UseGuards(OmsSignatureGuard)
  change(@Body() body: OmsChangeDto): Promise<OmsChangeResultDto> {
    return this.push.apply(body.order);
  }
}
