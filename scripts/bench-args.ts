/** `--name N` from the command line, else `fallback`; a value that is not a number stops the bench, naming the option. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} wants a number, got ${JSON.stringify(process.argv[i + 1] ?? '')}`);
  return value;
}

/** `--name VALUE` from the command line, else undefined. */
export function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}
