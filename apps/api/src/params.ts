import { BadRequestException } from '@nestjs/common';

/** An optional integer query parameter within bounds; a 400 names the parameter otherwise. */
export function intParam(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new BadRequestException(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}
