/**
 * The agent's softphone (软电话): the state bar, the offer with its rings, the call (hold, mute, keypad,
 * transfer), wrap-up with its disposition, dialling out, the screen pop with a work order from the call,
 * and the agent's own calls. The socket (use-softphone.ts) and the Voice SDK Device (use-device.ts) live
 * as long as the page: a language switch re-renders the texts and never touches the call.
 */
import { Button, Card, Col, Flex, Row, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, app } from '../../core';
import { useLanguage } from '../../language';
import { REASONS } from './agent-states';
import { CallControls } from './components/call-controls';
import { CallHistory } from './components/call-history';
import { CallPanel } from './components/call-panel';
import { ConsultControls } from './components/consult-controls';
import { ConsultIncoming } from './components/consult-incoming';
import { DialPad } from './components/dial-pad';
import { IdleCard } from './components/idle-card';
import { KnowledgePanel } from './components/knowledge-panel';
import { OfferCard } from './components/offer-card';
import { ScreenPop } from './components/screen-pop';
import { Shortcuts } from './components/shortcuts';
import { StateBar } from './components/state-bar';
import { WorkOrderForm } from './components/work-order-form';
import { WrapUpPanel } from './components/wrap-up-panel';
import type { Cause, QueueInfo } from './data';
import { useDevice } from './use-device';
import { useOfferAlert } from './use-offer-alert';
import { useShortcuts } from './use-shortcuts';
import { useSoftphone } from './use-softphone';
import './softphone.css';

/** The queues (GET /queues), the agent's skills (GET /agents/:me) and the cause list: what the page names things by. */
function useReferenceData(onError: (text: string) => void, refresh: number) {
  const [queues, setQueues] = useState<QueueInfo[]>([]);
  const [skills, setSkills] = useState<string[] | null>(null);
  const [causes, setCauses] = useState<Cause[]>([]);
  useEffect(() => {
    api<QueueInfo[]>('GET', '/queues')
      .then(setQueues)
      .catch((e: Error) => onError(e.message));
    api<Cause[]>('GET', '/quality/causes')
      .then(setCauses)
      .catch((e: Error) => onError(e.message));
  }, [onError]);
  // The agent's queues can be changed by a supervisor (moved on the wallboard): read again after each call.
  useEffect(() => {
    api<{ skills: { skillCode: string }[] }>('GET', `/agents/${encodeURIComponent(app.session!.jobNumber)}`)
      .then((agent) => setSkills(agent.skills.map((s) => s.skillCode)))
      .catch(() => setSkills([]));
  }, [refresh]);
  const served = useMemo(() => (skills === null ? null : queues.filter((q) => skills.includes(q.skillCode))), [queues, skills]);
  return { queues, served, causes };
}

export function SoftphonePage() {
  const { lang, t } = useLanguage();
  const phone = useSoftphone();
  const device = useDevice();
  const { state, offer, call, lastCallSid, heldSince, wrapUp, pop, command, commandAck, setError, setHeld } = phone;
  const { queues, served, causes } = useReferenceData(setError, phone.wrapUpsDone);
  const [reason, setReason] = useState<(typeof REASONS)[number]>(REASONS[0]);
  /** The category the agent picked on the call's work order (知识推荐 follows it), for that call only. */
  const [orderCategory, setOrderCategory] = useState<{ callSid: string | null; code: string }>({ callSid: null, code: '' });
  useOfferAlert(offer);

  const s = state?.state ?? 'offline';
  const queueLabel = (code: string | null) => (code ? (queues.find((q) => q.code === code)?.name ?? code) : null);
  const causeLabel = useCallback(
    (code: string) => {
      const cause = causes.find((c) => c.code === code);
      return cause ? (lang === 'en' ? cause.labelEn : cause.labelZh) : code;
    },
    [causes, lang],
  );
  const onCall = !!call && s === 'on-call';
  const deviceCall = device.call;

  const answer = () => deviceCall?.accept();
  // The Device's reject is what Twilio sees (DialCallStatus=busy); without a Device the gateway declines.
  const decline = () => {
    if (deviceCall) deviceCall.reject();
    else if (offer) void command('decline', { callSid: offer.callSid });
  };
  const hangUp = () => {
    if (deviceCall && deviceCall.status() === 'open') deviceCall.disconnect();
    else if (call) void command('hang-up', { callSid: call.callSid });
  };
  // The call in hand: the one the routing engine gave (an offer answered), or the agent's own call out (a conference too).
  const [ownCallSid, setOwnCallSid] = useState<string | null>(null);
  const handSid = onCall && call ? call.callSid : ownCallSid;
  // Hold (保持): participant hold in the call's conference — the caller hears music, the agent stays on the line; resume rings nothing.
  const toggleHold = async () => {
    if (!handSid) return;
    if (heldSince === null) {
      if (await command('hold', { callSid: handSid })) setHeld(Date.now());
    } else if (await command('resume', { callSid: handSid })) setHeld(null);
  };
  // A call this agent places (外呼): its leg rings this page when the customer answers, and is taken at once.
  const dial = async (to: string) => {
    setPlacedElsewhere('');
    setOwnCallTo(to);
    setOwnCallSid(null);
    device.acceptNext(true);
    const ack = await commandAck('dial', { to });
    if (!ack.ok) device.acceptNext(false);
    else if (typeof ack.callSid === 'string') setOwnCallSid(ack.callSid);
    return ack.ok;
  };
  const finishWrapUp = async (disposition: { code: string; note?: string }) => {
    // The disposition (小结) is recorded on the call before wrap-up ends.
    if (lastCallSid && !(await command('disposition', { callSid: lastCallSid, ...disposition }))) return;
    await command('wrap-up-done', {});
  };

  // An offer is never taken by itself: a call placed here that was never answered leaves nothing armed once the agent is offerable.
  const { acceptNext } = device;
  useEffect(() => {
    if (s === 'ready' || s === 'reserved') acceptNext(false);
  }, [s, acceptNext]);

  // This page stays open behind the others (app.tsx): the desk's click-to-call (POST /calls/outbound) arms it to take
  // the call's leg at once, as its own dial does, and an offer brings it to the front.
  const [placedElsewhere, setPlacedElsewhere] = useState('');
  /** The number of the agent's own call out (from the dial pad or another page), shown while the Device holds it. */
  const [ownCallTo, setOwnCallTo] = useState('');
  useEffect(() => {
    app.expectOwnCall = (to: string) => {
      acceptNext(true);
      setPlacedElsewhere(to);
      setOwnCallTo(to);
      setOwnCallSid(null);
      return () => {
        acceptNext(false);
        setPlacedElsewhere('');
      };
    };
    app.ownCallPlaced = setOwnCallSid;
    return () => {
      app.expectOwnCall = null;
      app.ownCallPlaced = null;
    };
  }, [acceptNext]);
  useEffect(() => {
    if (offer && location.hash !== '#/softphone') location.hash = '#/softphone';
  }, [offer]);

  const canAnswer = !!deviceCall; // the Device rings: the offer can be taken
  useShortcuts({
    answer: offer && deviceCall ? answer : null,
    hangUp: onCall ? hangUp : null,
    hold: onCall ? () => void toggleHold() : null,
    mute: onCall && deviceCall ? device.toggleMute : null,
  });

  // A colleague's consult rings the Device with no offer (not an offer: see ConsultService).
  const consultLeg = deviceCall && !offer && !call && s !== 'ready' && s !== 'reserved' ? deviceCall : null; // offers ring ready agents only
  // The agent's own call out: the routing engine holds no call for it (no queue transfer), the Device does.
  const ownCall = !offer && !onCall && deviceCall?.status() === 'open';
  // Its timer runs from when the Device took it; its hold indicator ends with it.
  const [ownCallSince, setOwnCallSince] = useState(0);
  // Ended, the dial pad forgets the number it was calling ("正在呼叫 …" would linger otherwise).
  const [dialRound, setDialRound] = useState(0);
  useEffect(() => {
    if (ownCall && !ownCallSince) setOwnCallSince(Date.now());
    else if (!ownCall && !onCall) setHeld(null);
    if (!ownCall && ownCallSince) {
      setDialRound((n) => n + 1);
      setOwnCallSince(0);
      setOwnCallSid(null);
      setPlacedElsewhere('');
    }
  }, [ownCall, onCall, setHeld, ownCallSince]);
  const controlsFor = (callSid: string, canTransfer: boolean) => (
    <CallControls
      callSid={callSid}
      held={heldSince !== null}
      muted={device.muted}
      canMute={!!deviceCall}
      queues={queues}
      onHangUp={hangUp}
      onHold={() => void toggleHold()}
      onMute={device.toggleMute}
      onTransfer={(target) => command('transfer', { callSid, ...target })}
      onError={setError}
      canTransfer={canTransfer}
      extra={<ConsultControls key={callSid} callSid={callSid} onHeld={(held) => setHeld(held ? Date.now() : null)} onError={setError} />}
    />
  );
  const callArea = offer ? (
    <OfferCard offer={offer} queueLabel={queueLabel(offer.queue) ?? ''} canAnswer={canAnswer} onAnswer={answer} onDecline={decline} />
  ) : onCall && call ? (
    <CallPanel
      call={call}
      queueLabel={queueLabel(call.queue)}
      heldSince={heldSince}
      canSendDigits={!!deviceCall}
      onDigit={(d) => deviceCall?.sendDigits(d)}
      controls={controlsFor(call.callSid, true)}
    />
  ) : ownCall && ownCallSid ? (
    // The agent's own call out is a conference as an inbound call is: hold, consult and three-way work; a queue transfer does not.
    <CallPanel
      call={{ callSid: ownCallSid, from: ownCallTo, queue: null, connectedAt: null, since: ownCallSince }}
      queueLabel={null}
      heldSince={heldSince}
      canSendDigits={!!deviceCall}
      onDigit={(d) => deviceCall?.sendDigits(d)}
      controls={controlsFor(ownCallSid, false)}
    />
  ) : ownCall ? (
    <Card size="small" title={t('onCall')} data-testid="call-panel">
      <Space>
        <span translate="no">{ownCallTo}</span>
        <Button danger type="primary" data-testid="call-hangup" onClick={hangUp}>
          {t('hangUp')}
        </Button>
        <Button data-testid="call-mute" onClick={device.toggleMute}>
          {device.muted ? t('unmute') : t('mute')}
        </Button>
      </Space>
    </Card>
  ) : consultLeg ? (
    <ConsultIncoming call={consultLeg} />
  ) : s === 'wrap-up' ? (
    <WrapUpPanel
      key={wrapUp?.callSid ?? lastCallSid ?? 'wrap-up'}
      startedAt={wrapUp?.startedAt ?? phone.stateSeenAt}
      deadline={wrapUp?.deadline ?? null}
      onDone={finishWrapUp}
    />
  ) : (
    <IdleCard ready={s !== 'not-ready' && s !== 'offline'} />
  );

  const popCall = call ?? (offer ? { callSid: offer.callSid, from: offer.from } : null);
  // The script and the suggested articles follow the queue of the call ringing or connected (a call placed by the agent has none).
  const callQueue = offer?.queue ?? (onCall ? call?.queue : null) ?? null;
  return (
    <Flex vertical gap={16} className="softphone">
      <StateBar
        state={state}
        stateSeenAt={phone.stateSeenAt}
        reason={reason}
        onReason={setReason}
        onReady={() => void command('set-state', { state: 'ready' })}
        onNotReady={() => void command('set-state', { state: 'not-ready', reason })}
        device={device.status}
        queues={served}
      />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Shortcuts />
        <Typography.Text type="danger" data-testid="softphone-error">
          {phone.error}
        </Typography.Text>
      </Flex>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            {callArea}
            <DialPad
              key={dialRound}
              disabled={s === 'ready' || s === 'reserved' || s === 'on-call' || ownCall}
              onDial={dial}
              placedElsewhere={placedElsewhere}
            />
          </Flex>
        </Col>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            {callQueue && (
              <KnowledgePanel
                key={offer?.callSid ?? call?.callSid}
                queue={callQueue}
                ringing={!!offer}
                causes={causes}
                causeLabel={causeLabel}
                orderCategory={orderCategory.callSid === lastCallSid ? orderCategory.code : ''}
              />
            )}
            {pop && <ScreenPop pop={pop} causeLabel={causeLabel} />}
            {lastCallSid && (
              <WorkOrderForm
                key={lastCallSid}
                callSid={lastCallSid}
                customerPhone={popCall?.from ?? pop?.phone ?? ''}
                causes={causes}
                causeLabel={causeLabel}
                onCategory={(code) => setOrderCategory({ callSid: lastCallSid, code })}
              />
            )}
            <CallHistory queues={queues} refresh={phone.wrapUpsDone} />
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
