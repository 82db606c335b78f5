import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import twilio from 'twilio';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { VoiceTokenView } from './dtos/voice-token.dto';
import { TelephonySettings } from './telephony-settings';
import { agentIdentity } from './voice-flow.service';

@ApiTags('telephony')
@ApiBearerAuth()
@Controller('telephony')
export class TelephonyTokenController {
  constructor(private readonly settings: TelephonySettings) {}

  /**
   * An access token for the Voice JS SDK's Device (the sandbox's Device in sandbox mode), so the
   * agent's softphone can be rung as `agent-<jobNumber>`. Quality monitors (质量监督组) have one too,
   * for callback visits (回访), and supervisors (客服主管), whose softphone joins the calls they listen
   * to, whisper in or barge into. `mode` tells the page which Device to create; it asks again for a
   * fresh token on `tokenWillExpire`.
   */
  @Roles('agent', 'quality', 'supervisor')
  @ApiOkResponse({ type: VoiceTokenView })
  @Get('token')
  token(@CurrentStaff() agent: StaffPrincipal): VoiceTokenView {
    const identity = agentIdentity(agent.jobNumber);
    const ttl = this.settings.tokenTtlSeconds;
    const token = new twilio.jwt.AccessToken(this.settings.accountSid, this.settings.apiKeySid, this.settings.apiKeySecret, { identity, ttl });
    token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }));
    return { token: token.toJwt(), identity, mode: this.settings.mode, expiresInSeconds: ttl };
  }
}
