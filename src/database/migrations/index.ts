import { Foundation1763900000000 } from './1763900000000-foundation';

/** Every migration, oldest first. Listed as classes so the same list works from source and from dist. */
export const migrations = [Foundation1763900000000];
