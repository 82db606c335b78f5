import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { Optional } from './validation';

/** Up to `limit` (1–100) items a page; lists whose cursors differ add their own `cursor`. */
export class PageLimitQuery {
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** A page of a list paged by opaque cursor (`src/http/cursor.ts`): up to `limit` (1–100) items after `cursor`. */
export class CursorPageQuery extends PageLimitQuery {
  /** The `nextCursor` of the previous page. */
  @Optional()
  @IsString()
  @Length(1, 64)
  cursor?: string;
}
