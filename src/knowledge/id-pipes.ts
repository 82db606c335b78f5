import { BadRequestException, ParseIntPipe } from '@nestjs/common';

/** Path ids of the knowledge routes: a whole number, else a 400 naming the parameter. */
const wholeNumber = (name: string, what: string) =>
  new ParseIntPipe({ exceptionFactory: () => new BadRequestException([`${name} must be ${what} (a whole number)`]) });

export const articleIdPipe = wholeNumber('id', 'an article id');
export const versionPipe = wholeNumber('version', 'a version number');
export const attachmentIdPipe = wholeNumber('attachmentId', 'an attachment id');
export const correctionIdPipe = wholeNumber('id', 'a correction id');
