/** A 400's findings as their messages (`body.errors.map(byMessage)`): the error body keeps one message string and each finding in `errors`. */
export const byMessage = (finding: { message: string }): string => finding.message;
