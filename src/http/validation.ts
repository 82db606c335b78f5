import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateIf, ValidationOptions } from 'class-validator';

export interface OptionalOptions extends ValidationOptions {
  /** `null` is a meaningful value (e.g. "clear this field") and skips the field's other validators. */
  nullable?: boolean;
}

/**
 * An optional field: when it is absent (`undefined`) its other validators are skipped. Unlike
 * class-validator's `@IsOptional()`, `null` is validated like any value — and so refused — unless
 * `nullable: true`, where the service must read `null` as "clear". (`@IsOptional()` let `null`
 * through to NOT NULL columns and `WHERE x = NULL`: 500s.) As Immich's `server/src/validation.ts`.
 * Every DTO uses this instead of `@IsOptional()` (a spec checks it).
 */
export function Optional({ nullable, ...validationOptions }: OptionalOptions = {}): PropertyDecorator {
  return applyDecorators(
    nullable === true ? IsOptional(validationOptions) : ValidateIf((_object: unknown, value: unknown) => value !== undefined, validationOptions),
  );
}

/**
 * A boolean query parameter: `true` or `false` as written in the URL, anything else a 400 naming the
 * parameter ("overdue must be true or false"). The one way booleans are read from query strings.
 */
export function BooleanQuery(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  );
}
