import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]*twilio\.com(:\d+)?/;

/**
 * twilio-node's HTTP client, pointed at the sandbox: BaseTwilio builds absolute URLs on
 * https://api.twilio.com (and other *.twilio.com domains) and hands them to `httpClient.request`,
 * so rewriting the origin there is all it takes. Everything else (auth, form encoding, paging,
 * RestException) stays the real library's.
 */
export class SandboxRequestClient extends RequestClient {
  constructor(private readonly sandboxBaseUrl: string) {
    super({ keepAlive: false });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(TWILIO_HOST, this.sandboxBaseUrl.replace(/\/$/, '')) });
  }
}

/** A real `twilio` client whose requests go to the sandbox at `sandboxBaseUrl` (e.g. http://127.0.0.1:3000). */
export function createSandboxTwilioClient(sandboxBaseUrl: string, accountSid: string, authToken: string): twilio.Twilio {
  return twilio(accountSid, authToken, { httpClient: new SandboxRequestClient(sandboxBaseUrl) });
}
