import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** A member of staff's access was withdrawn (deactivated, password or roles changed): their open sockets must close. */
export interface AccessRevoked {
  staffId: number;
  jobNumber: string;
  reason: 'deactivated' | 'password-changed' | 'roles-changed';
}

/** Published by the staff lifecycle; the softphone gateway disconnects the staff member's sockets. */
@Injectable()
export class StaffAccessEvents {
  private readonly subject = new Subject<AccessRevoked>();

  get revoked$(): Observable<AccessRevoked> {
    return this.subject.asObservable();
  }

  publish(event: AccessRevoked): void {
    this.subject.next(event);
  }
}
