import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';

/** How long a looked-up standing is trusted by this process; a change made here is seen at once. */
const STANDING_TTL_MS = 1000;

interface Standing {
  active: boolean;
  tokenVersion: number;
  readAt: number;
}

/**
 * Whether an access token's holder still stands: the account exists, is active, and the token
 * carries the account's current token version. Checked on every request and socket handshake —
 * one primary-key read a second per member of staff at most; changes made by this process evict
 * the entry at once, other processes see them within STANDING_TTL_MS.
 */
@Injectable()
export class StaffStanding {
  private readonly cache = new Map<number, Standing>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async isCurrent(staffId: number, tokenVersion: number): Promise<boolean> {
    const now = this.clock.now();
    let standing = this.cache.get(staffId);
    if (!standing || now - standing.readAt >= STANDING_TTL_MS) {
      const rows: Array<{ active: number | boolean; tokenVersion: number | string }> = await this.db.query(
        'SELECT active, tokenVersion FROM staff WHERE id = ?',
        [staffId],
      );
      if (rows.length === 0) {
        this.cache.delete(staffId);
        return false;
      }
      standing = { active: Boolean(Number(rows[0].active)), tokenVersion: Number(rows[0].tokenVersion), readAt: now };
      if (this.cache.size > 10_000) this.cache.clear(); // bounded: staff, not callers
      this.cache.set(staffId, standing);
    }
    return standing.active && standing.tokenVersion === tokenVersion;
  }

  /** After this process changed the account. */
  forget(staffId: number): void {
    this.cache.delete(staffId);
  }
}
