/**
 * A member of staff's access was withdrawn (deactivated, password or roles changed): their open sockets must close.
 * Published on the event bus (`'staff-access-revoked'`) by the staff lifecycle; the softphone gateway disconnects the staff member's sockets.
 */
export interface AccessRevoked {
  staffId: number;
  jobNumber: string;
  reason: 'deactivated' | 'password-changed' | 'roles-changed';
}
