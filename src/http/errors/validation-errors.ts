import type { ValidationError } from 'class-validator';
import { DomainError } from './domain-error';

export interface FieldError {
  /** The field's path, e.g. `limit`, `addresses.0.line`. */
  field: string;
  code: 'validation.field_invalid' | 'validation.unknown_field';
  /** The rule that failed (class-validator's constraint name, e.g. isInt, matches, whitelistValidation). */
  rule: string;
  message: string;
}

/** Every failed rule of every field, flattened with its path. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      // Nested fields' messages start with the parent's path, as Nest's own ValidationPipe writes them.
      out.push({
        field,
        code: rule === 'whitelistValidation' ? 'validation.unknown_field' : 'validation.field_invalid',
        rule,
        message: parent ? `${parent}.${message}` : message,
      });
    }
    if (error.children?.length) out.push(...fieldErrors(error.children, field));
  }
  return out;
}

/** The ValidationPipe's exceptionFactory: one 400 naming every field, each failure in `errors`, one message string. */
export function validationFailed(errors: ValidationError[]): DomainError {
  const details = fieldErrors(errors);
  const fields = [...new Set(details.map((d) => d.field))];
  const code = details.every((d) => d.code === 'validation.unknown_field') ? 'validation.unknown_field' : 'validation.field_invalid';
  return new DomainError(code, { fields }, details.map((d) => d.message).join('; '), { errors: details });
}
