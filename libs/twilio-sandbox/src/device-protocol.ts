/**
 * Wire protocol between the sandbox's DeviceHub and browser SandboxDevice instances (JSON over one
 * websocket per Device). Stands in for Twilio's signalling; no media flows.
 */
export type DeviceToSandbox =
  | { type: 'register'; token: string }
  | { type: 'unregister' }
  | { type: 'update-token'; token: string }
  | { type: 'accept'; callSid: string }
  | { type: 'reject'; callSid: string }
  | { type: 'disconnect'; callSid: string }
  | { type: 'digits'; callSid: string; digits: string }
  | { type: 'connect'; requestId: string; params: Record<string, string> };

export interface CallParameters {
  CallSid: string;
  From: string;
  To: string;
  AccountSid: string;
  [key: string]: string;
}

export type SandboxToDevice =
  /**
   * A register or token update was accepted. `ttl`: seconds the token has left — Twilio's signalling
   * sends the same in its `connected` message, and the Voice SDK times `tokenWillExpire` from it.
   */
  | { type: 'registered'; identity: string; ttl: number }
  | { type: 'token-updated'; identity: string; ttl: number }
  | { type: 'unregistered' }
  | { type: 'error'; code: number; message: string; callSid?: string; requestId?: string }
  | { type: 'incoming'; callSid: string; parameters: CallParameters; customParameters: Record<string, string> }
  | { type: 'accepted'; callSid: string }
  | { type: 'cancel'; callSid: string }
  | { type: 'disconnect'; callSid: string }
  | { type: 'outgoing'; requestId: string; callSid: string; parameters: CallParameters }
  | { type: 'ringing'; callSid: string }
  | { type: 'answered'; callSid: string };
