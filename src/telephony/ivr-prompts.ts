/** What the IVR says, per language. Placeholders: {n} callers ahead, {m} minutes. */
export interface IvrPrompts {
  greeting: string;
  menu: string;
  invalidChoice: string;
  connecting: string;
  nextAgent: string;
  position: string;
  leaveCallback: string;
  callbackConfirmed: string;
  afterHours: string;
  voicemailPrompt: string;
  voicemailThanks: string;
  noAgents: string;
  goodbye: string;
  callbackIntro: string;
  /** A callback visit (回访) after a work order closed. */
  visitIntro: string;
  transferring: string;
}

export const IVR_PROMPTS: Record<'zh-CN' | 'en', IvrPrompts> = {
  'zh-CN': {
    greeting: '您好,欢迎致电客服热线。',
    menu: '投诉请按0,订单与配送请按1,安装与售后请按2,发票请按3,会员与积分请按4,延保请按5。',
    invalidChoice: '您的选择无效。',
    connecting: '正在为您转接客服,请稍候。',
    nextAgent: '正在为您转接下一位客服,请稍候。',
    position: '您前面还有{n}位顾客,预计等待{m}分钟。',
    leaveCallback: '如需挂机等待回电,请按1。',
    callbackConfirmed: '已为您登记回电,我们将按您的排队顺序尽快给您回电。再见。',
    afterHours: '您好,现在是非工作时间。需要我们回电请按1,留言请按2。',
    voicemailPrompt: '请在提示音后留言,按井号键结束。',
    voicemailThanks: '感谢您的留言,我们会尽快处理。再见。',
    noAgents: '抱歉,目前没有客服可以接听。',
    goodbye: '感谢您的来电,再见。',
    callbackIntro: '您好,这里是客服热线,为您回电,正在为您接通客服。',
    visitIntro: '您好,这里是客服热线,就您反映的问题进行回访,正在为您接通。',
    transferring: '正在为您转接,请稍候。',
  },
  en: {
    greeting: 'Thank you for calling the customer hotline.',
    menu: 'For complaints press 0, orders and delivery 1, installation and after-sales 2, invoices 3, membership and points 4, extended warranty 5.',
    invalidChoice: 'That is not a valid choice.',
    connecting: 'Connecting you to an agent, please hold.',
    nextAgent: 'Connecting you to the next available agent, please hold.',
    position: 'There are {n} callers ahead of you. The expected wait is {m} minutes.',
    leaveCallback: 'To hang up and be called back, press 1.',
    callbackConfirmed: 'We have noted your callback and will call you back in your turn. Goodbye.',
    afterHours: 'We are closed now. To be called back press 1, to leave a message press 2.',
    voicemailPrompt: 'Please leave a message after the tone and press the pound key when done.',
    voicemailThanks: 'Thank you for your message. Goodbye.',
    noAgents: 'Sorry, no agent can take your call now.',
    goodbye: 'Thank you for calling. Goodbye.',
    callbackIntro: 'This is the customer hotline calling you back. Connecting you to an agent.',
    visitIntro: 'This is the customer hotline following up on your recent request. Connecting you now.',
    transferring: 'Transferring your call, please hold.',
  },
};
