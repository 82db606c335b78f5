import type { ValueTransformer } from 'typeorm';

/** A BIGINT column read as a JS number (mysql2 with supportBigNumbers gives strings); OMS versions stay below 2^53. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
