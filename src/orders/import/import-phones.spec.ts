import { normalisePhone } from '../../customers/phone-number';
import { ImportPhones } from './import-phones';

describe('an import’s phone normalisation', () => {
  it('gives exactly what normalisePhone gives, for mobiles of every segment and other numbers', () => {
    const phones = new ImportPhones();
    const samples = [
      '13800138000',
      '138 0013 8000',
      '+8613800138000',
      '008613800138000',
      '138-0013-8000',
      '010-12345678',
      '4008123456',
      'not a phone',
      '12345',
    ];
    for (let p = 130; p <= 199; p++) for (const tail of ['00000000', '12345678', '99999999']) samples.push(`${p}${tail}`, `${p}${tail}`);
    for (const sample of samples) expect([sample, phones.normalise(sample)]).toEqual([sample, normalisePhone(sample)]);
  });
});
