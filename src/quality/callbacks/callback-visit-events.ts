/** A callback visit (回访) was scheduled for a closed work order: published after its transaction commits. */
export interface CallbackVisitScheduled {
  visitId: number;
  workOrderId: number;
  workOrderNumber: string;
  dueAt: Date;
}
