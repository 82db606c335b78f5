/** GET /telephony/token: what the softphone page needs to create and keep its Device. */
export class VoiceTokenView {
  /** Access Token (JWT) with a Voice grant for incoming calls; renew it on the Device's `tokenWillExpire`. */
  token: string;
  /** The identity agents are rung as: agent-<job number>. */
  identity: string;
  /** Which Device the page creates: Twilio's Voice SDK (`twilio`) or the sandbox's (`sandbox`). */
  mode: 'twilio' | 'sandbox';
  /** The token's lifetime (TWILIO_TOKEN_TTL_SECONDS). */
  expiresInSeconds: number;
}
