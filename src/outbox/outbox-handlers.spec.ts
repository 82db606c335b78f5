import { OutboxHandlers } from './outbox-handlers';

describe('OutboxHandlers', () => {
  const named = (name: string) => Object.assign(() => Promise.resolve(), { handlerName: name });

  it('takes the longest registered prefix of the topic, the empty prefix last', () => {
    const handlers = new OutboxHandlers();
    const fallback = named('webhook');
    const sms = named('sms');
    const smsUrgent = named('sms.urgent');
    handlers.register('', fallback);
    handlers.register('sms.', sms);
    handlers.register('sms.urgent.', smsUrgent);
    expect(handlers.resolve('order.delivery.rescheduled')).toBe(fallback);
    expect(handlers.resolve('sms.send')).toBe(sms);
    expect(handlers.resolve('sms.urgent.send')).toBe(smsUrgent);
  });

  it('finds none without a matching prefix, and refuses a prefix registered twice', () => {
    const handlers = new OutboxHandlers();
    handlers.register('sms.', named('sms'));
    expect(handlers.resolve('order.changed')).toBeNull();
    expect(() => handlers.register('sms.', named('again'))).toThrow('already registered for topic prefix "sms."');
  });
});
