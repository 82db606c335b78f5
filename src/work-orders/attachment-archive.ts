import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What may be attached (work orders, knowledge articles), by content type, and the file's extension. */
export const ATTACHMENT_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/** Taken names skipped before giving up (a full archive folder is a fault, not a name clash). */
const MAX_NAME_ATTEMPTS = 1000;

/**
 * Writes an attachment under `root` as `nameFor(n)` with the first n from `first` that is free: a file
 * the database does not know may already hold a name (two uploads at once; an archive kept across a
 * restored database), and is never overwritten. Returns the path relative to `root`.
 */
export async function archiveAttachment(root: string, nameFor: (n: number) => string, first: number, data: Buffer): Promise<string> {
  for (let n = first; ; n++) {
    const storedPath = nameFor(n);
    const path = join(root, storedPath);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, data, { flag: 'wx' });
      return storedPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= first + MAX_NAME_ATTEMPTS) throw error;
    }
  }
}
