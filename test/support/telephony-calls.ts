import type { AgentPhone, TelephonyHarness } from './telephony-harness';
import { startTelephonyHarness } from './telephony-harness';

/** The hotline's number (400 热线) the sandbox's callers dial. */
export const HOTLINE = '4008001234';

/** The telephony specs' set-up: a harness open all day, and the supervisor (2001) who reads the calls. */
export async function startAllDayHarness(): Promise<{ h: TelephonyHarness; supervisor: string }> {
  const h = await startTelephonyHarness({ BUSINESS_HOURS: '00:00-24:00' });
  return { h, supervisor: await h.tokenFor('2001') };
}

/** GET /calls/:callSid as `token` sees it (200 expected). */
export async function callAs<T = any>(h: TelephonyHarness, token: string, callSid: string): Promise<T> {
  return (await h.http.get(`/calls/${callSid}`).set('Authorization', `Bearer ${token}`).expect(200)).body as T;
}

/**
 * A call from `from` to the hotline, offered to `phone` after a second and answered on the second ring;
 * checks (as `token`) that it connected to that agent and gives its CallSid.
 */
export async function answeredCall(h: TelephonyHarness, token: string, phone: AgentPhone, from: string): Promise<string> {
  const callSid = h.sandbox.placeCall({ from, to: HOTLINE });
  await h.advance(1);
  phone.accept();
  await h.advance(2);
  expect(await callAs(h, token, callSid)).toMatchObject({ status: 'connected', agentJobNumber: phone.jobNumber });
  return callSid;
}
