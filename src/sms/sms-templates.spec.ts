import { replyIntent } from './reply-keywords';
import { isForward, isRetryable, nextAttemptAt } from './sms-retry-policy';
import { DEFAULT_TEMPLATES, languageForPhone, renderTemplate, TEMPLATE_KINDS, TEMPLATE_VARIABLES, unknownVariables } from './sms-templates';

describe('SMS templates', () => {
  it('fills in the variables', () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.work_order_created['zh-CN'], { workOrderNumber: 'WO20261206-000001', dueDate: '12月9日' })).toBe(
      '【家电热线】您的问题已受理，工单号WO20261206-000001，我们将于12月9日前处理完毕。回复TD退订',
    );
  });

  it('uses only the variables its kind offers, in every default', () => {
    for (const kind of TEMPLATE_KINDS) for (const body of Object.values(DEFAULT_TEMPLATES[kind])) expect(unknownVariables(kind, body)).toEqual([]);
    expect(unknownVariables('work_order_closed', '工单{workOrderNumber}，{solution}{oops}')).toEqual(['solution', 'oops']);
    expect(TEMPLATE_VARIABLES.work_order_created).toContain('workOrderNumber');
  });

  it('writes to mainland Chinese numbers in Chinese, to others in English', () => {
    expect(languageForPhone('+8613800138000')).toBe('zh-CN');
    expect(languageForPhone('+12015550123')).toBe('en-US');
  });
});

describe('replies', () => {
  it.each(['TD', 'td', ' T D ', 'Ｔｄ', '退订', 'STOP', 'Unsubscribe。'])('%s opts out', (body) => expect(replyIntent(body)).toBe('opt-out'));
  it.each(['START', '订阅'])('%s opts back in', (body) => expect(replyIntent(body)).toBe('opt-in'));
  it.each(['TD了吗', '谢谢', 'stop sending me the wrong fridge', ''])('%s is only a reply', (body) => expect(replyIntent(body)).toBeNull());
});

describe('retries', () => {
  it('retries what may pass later and not what never will', () => {
    expect(isRetryable({ code: 30003 })).toBe(true);
    expect(isRetryable({ code: 30008 })).toBe(true);
    expect(isRetryable({ code: 30005 })).toBe(false);
    expect(isRetryable({ code: 21610, httpStatus: 400 })).toBe(false);
    expect(isRetryable({ code: 20500, httpStatus: 503 })).toBe(true);
    expect(isRetryable({})).toBe(true);
  });

  it('backs off exponentially and gives up after the last attempt', () => {
    const policy = { maxAttempts: 3, baseDelayMs: 30_000 };
    expect(nextAttemptAt(policy, 1, 0)?.getTime()).toBe(30_000);
    expect(nextAttemptAt(policy, 2, 0)?.getTime()).toBe(60_000);
    expect(nextAttemptAt(policy, 3, 0)).toBeNull();
  });

  it('never moves a message back on a late status callback', () => {
    expect(isForward('queued', 'sent')).toBe(true);
    expect(isForward('delivered', 'sent')).toBe(false);
    expect(isForward('sent', 'sending')).toBe(false);
  });
});
