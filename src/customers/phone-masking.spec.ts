import { maskPhone, maskPhonesExcept, masksPhonesFor } from './phone-masking';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a Chinese mobile', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
    expect(maskPhone('+8613900000001')).toBe('139****0001');
  });

  it('masks landlines and service numbers by their national number, one star per hidden digit', () => {
    expect(maskPhone('+861012345678')).toBe('101***5678'); // 010-12345678 → national 1012345678
    expect(maskPhone('+864008123456')).toBe('400***3456');
    expect(maskPhone('+12025550123')).toBe('202***0123');
  });

  it('never shows a short number whole', () => {
    expect(maskPhone('1234567')).toBe('*****67');
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
  });

  it('hides no more than it must: exactly length − 7 stars', () => {
    for (const phone of ['+8613812345678', '+861012345678']) {
      const masked = maskPhone(phone);
      expect(masked.replace(/\*/g, '').length).toBe(7);
      expect(phone.endsWith(masked.slice(-4))).toBe(true);
    }
  });

  it('keeps only the number a monitor looked the customer up by', () => {
    expect(maskPhonesExcept(['+8613812345678', '+8613900001111'], '+8613900001111')).toEqual(['138****5678', '+8613900001111']);
    expect(maskPhonesExcept(['+8613812345678'])).toEqual(['138****5678']);
  });

  it('masks for the quality role only', () => {
    expect(masksPhonesFor(['quality'])).toBe(true);
    expect(masksPhonesFor(['supervisor', 'quality'])).toBe(true);
    expect(masksPhonesFor(['supervisor'])).toBe(false);
    expect(masksPhonesFor(['agent'])).toBe(false);
  });
});
