/** Texts of calls as conferences: the softphone's consult / three-way and the wallboard's monitoring; spread into zh-CN.ts and en-US.ts. */
export const conferencesZh = {
  consultTitle: '咨询 / 三方通话',
  consultAgent: '咨询同事',
  consultNumber: '或外部号码（门店、物流、厂家）',
  consult: '咨询',
  consultHint: '咨询期间客户保持等待',
  consultWith: '正在咨询 {target}',
  consultComplete: '完成转接',
  consultThreeWay: '三方通话',
  consultCancel: '取消咨询',
  consultIncoming: '同事咨询来电',
  consultAnswer: '接听',
  monitor: '监控',
  monitorListen: '监听',
  monitorWhisper: '耳语',
  monitorBarge: '强插',
  monitorStop: '退出',
  monitoring: '正在监控 {agent}：{mode}',
  /** The not-ready reason of a colleague while a consult rings or holds them (ConsultService). */
  reason_consult: '被同事咨询',
  /** An agent on their own call out (外呼, click-to-call) or a callback visit: not ready `outbound`, no inbound offer meanwhile (CallOutPresenceService). */
  reason_outbound: '外呼中',
  /** A call out cannot be transferred (转接) to a queue or an agent: the routing engine holds no call for it. */
  transferOutHint: '外呼不能转接到队列或坐席：请咨询同事后完成转接',
};

export const conferencesEn: Record<keyof typeof conferencesZh, string> = {
  consultTitle: 'Consult / three-way',
  consultAgent: 'Consult a colleague',
  consultNumber: 'or an outside number (store, logistics, manufacturer)',
  consult: 'Consult',
  consultHint: 'The caller holds while you consult',
  consultWith: 'Consulting {target}',
  consultComplete: 'Complete transfer',
  consultThreeWay: 'Three-way',
  consultCancel: 'Cancel consult',
  consultIncoming: 'A colleague consults you',
  consultAnswer: 'Answer',
  monitor: 'Monitor',
  monitorListen: 'Listen',
  monitorWhisper: 'Whisper',
  monitorBarge: 'Barge',
  monitorStop: 'Leave',
  monitoring: 'Monitoring {agent}: {mode}',
  reason_consult: 'Being consulted',
  reason_outbound: 'On a call out',
  transferOutHint: 'A call out cannot be transferred to a queue or an agent: consult a colleague, then complete the transfer',
};
