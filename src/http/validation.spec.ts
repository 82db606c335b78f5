import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IsString, validate } from 'class-validator';
import { Optional } from './validation';

class Probe {
  @Optional()
  @IsString()
  plain?: string;

  @Optional({ nullable: true })
  @IsString()
  clearable?: string | null;
}

async function errorsFor(fields: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(Object.assign(new Probe(), fields));
  return errors.map((e) => e.property);
}

describe('Optional', () => {
  it('skips an absent field and validates a given one', async () => {
    expect(await errorsFor({})).toEqual([]);
    expect(await errorsFor({ plain: 'x', clearable: 'y' })).toEqual([]);
    expect(await errorsFor({ plain: 1, clearable: 2 })).toEqual(['plain', 'clearable']);
  });

  it('refuses null unless the field is nullable', async () => {
    expect(await errorsFor({ plain: null })).toEqual(['plain']);
    expect(await errorsFor({ clearable: null })).toEqual([]);
  });
});

/** Every TypeScript file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts') ? [path] : [];
  });
}

describe('DTOs', () => {
  const root = join(__dirname, '..', '..');
  const files = sources(join(root, 'src')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

  it('use Optional, never class-validator’s IsOptional (it lets null through: 500s on NOT NULL columns)', () => {
    const offenders = files
      .filter((f) => f.path !== join('src', 'http', 'validation.ts') && /@IsOptional\(|import \{[^}]*\bIsOptional\b/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('make partial types with skipNullProperties: false (the default puts IsOptional on every field)', () => {
    const offenders = files.flatMap((f) =>
      [...f.text.matchAll(/extends PartialType\(/g)]
        .filter((m) => !f.text.slice(m.index, f.text.indexOf('\n', m.index)).includes('skipNullProperties: false'))
        .map(() => f.path),
    );
    expect(offenders).toEqual([]);
  });
});
