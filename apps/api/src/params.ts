import { BadRequestException } from '@nestjs/common';

/** An optional integer query parameter within bounds (default: the database integer range); a 400 names the parameter otherwise. */
export function intParam(name: string, value: string | undefined, min: number, max = 2_147_483_647): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new BadRequestException(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}
