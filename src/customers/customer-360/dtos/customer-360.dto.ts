import { IsString, Length } from 'class-validator';

export class Customer360Query {
  /** A phone number (any usual form), a work-order number (WO20261122-000123), or the start of a customer's name. */
  @IsString()
  @Length(2, 64)
  q: string;
}
