import { BadRequestException, Param, PipeTransform } from '@nestjs/common';

/** A path segment that must match a pattern: 400 naming it otherwise. */
class PatternPipe implements PipeTransform<string, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly message: string,
  ) {}

  transform(value: string): string {
    if (!this.pattern.test(value)) throw new BadRequestException([this.message]);
    return value;
  }
}

/** `:code` of a plan. */
export const WarrantyPlanCode = () => Param('code', new PatternPipe(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'code must be a plan code (e.g. YG-KT-3Y)'));

/** `:number` of a contract (YB + order number + line). */
export const WarrantyContractNumber = () => Param('number', new PatternPipe(/^YB[A-Za-z0-9-]{1,46}$/, 'number must be a 阳光包 contract number (YB…)'));
