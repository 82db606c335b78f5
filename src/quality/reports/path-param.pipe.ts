import { BadRequestException, PipeTransform } from '@nestjs/common';

/** A path parameter checked against a pattern; a mismatch is a 400 naming the parameter and its form. */
export class PathParamPipe implements PipeTransform<string, string> {
  constructor(
    private readonly name: string,
    private readonly pattern: RegExp,
    private readonly form: string,
  ) {}

  transform(value: string): string {
    if (!this.pattern.test(value)) throw new BadRequestException([`${this.name} must be ${this.form} (got "${value}")`]);
    return value;
  }
}
