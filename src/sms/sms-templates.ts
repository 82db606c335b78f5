import type { SmsKind } from './sms-message.entity';

/** The messages the hotline sends on its own, one template each. */
export const TEMPLATE_KINDS = [
  'work_order_created',
  'solution_proposed',
  'work_order_closed',
  'callback_invitation',
  'delivery_changed',
] as const satisfies readonly SmsKind[];
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const SMS_LANGUAGES = ['zh-CN', 'en-US'] as const;
export type SmsLanguage = (typeof SMS_LANGUAGES)[number];

/** The variables each template may use, written `{name}`. */
export const TEMPLATE_VARIABLES: Record<TemplateKind, readonly string[]> = {
  work_order_created: ['workOrderNumber', 'dueDate'],
  solution_proposed: ['workOrderNumber', 'solution'],
  work_order_closed: ['workOrderNumber'],
  callback_invitation: ['workOrderNumber', 'visitDate'],
  delivery_changed: ['orderNumber', 'deliveryDate', 'deliveryWindow'],
};

/**
 * The wording until a supervisor changes it. Messages to mainland China start with the sender's
 * registered signature in 【】 and, being notifications, end with the way to stop them (回复TD退订);
 * carriers reject URLs in them (Twilio's China guidelines).
 */
export const DEFAULT_TEMPLATES: Record<TemplateKind, Record<SmsLanguage, string>> = {
  work_order_created: {
    'zh-CN': '【家电热线】您的问题已受理，工单号{workOrderNumber}，我们将于{dueDate}前处理完毕。回复TD退订',
    'en-US': 'Hotline: we have your request, work order {workOrderNumber}; we will resolve it by {dueDate}. Reply TD to opt out',
  },
  solution_proposed: {
    'zh-CN': '【家电热线】工单{workOrderNumber}的处理方案：{solution}。如有异议请致电400热线。回复TD退订',
    'en-US': 'Hotline: proposed solution for work order {workOrderNumber}: {solution}. Call the hotline if you disagree. Reply TD to opt out',
  },
  work_order_closed: {
    'zh-CN': '【家电热线】工单{workOrderNumber}已处理完结，感谢您的耐心。回复TD退订',
    'en-US': 'Hotline: work order {workOrderNumber} is closed. Thank you for your patience. Reply TD to opt out',
  },
  callback_invitation: {
    'zh-CN': '【家电热线】我们将于{visitDate}就工单{workOrderNumber}回访您，请留意来电。回复TD退订',
    'en-US': 'Hotline: we will call you on {visitDate} about work order {workOrderNumber} to hear how it went. Reply TD to opt out',
  },
  delivery_changed: {
    'zh-CN': '【家电热线】您的订单{orderNumber}配送时间已改为{deliveryDate} {deliveryWindow}。回复TD退订',
    'en-US': 'Hotline: delivery of your order {orderNumber} is now {deliveryDate} {deliveryWindow}. Reply TD to opt out',
  },
};

const VARIABLE = /\{([A-Za-z]+)\}/g;

/** The `{name}`s a template uses that its kind does not offer (to refuse a supervisor's typo). */
export function unknownVariables(kind: TemplateKind, body: string): string[] {
  const offered = new Set(TEMPLATE_VARIABLES[kind]);
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]))].filter((name) => !offered.has(name));
}

/** The template with its variables filled in; a variable without a value becomes empty. */
export function renderTemplate(body: string, values: Record<string, string | undefined>): string {
  return body.replace(VARIABLE, (_, name: string) => values[name] ?? '').trim();
}

/** A customer's language, from their number: Chinese for mainland China, else English. */
export function languageForPhone(e164: string): SmsLanguage {
  return e164.startsWith('+86') ? 'zh-CN' : 'en-US';
}

/** An instant as the customer reads it, in the site's time: `12月9日 18:00`, or `2026-12-09 18:00`. */
export function siteTimeText(at: Date, utcOffsetMinutes: number, language: SmsLanguage): string {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
  return language === 'zh-CN'
    ? `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${time}`
    : `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ${time}`;
}
