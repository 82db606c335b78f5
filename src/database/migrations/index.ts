import { Foundation1763900000000 } from './1763900000000-foundation';
import { WorkOrders1763910000000 } from './1763910000000-work-orders';
import { Telephony1763920000000 } from './1763920000000-telephony';
import { WorkOrderOpenIndex1763930000000 } from './1763930000000-work-order-open-index';
import { QueueRecording1763940000000 } from './1763940000000-queue-recording';
import { CallbackVisits1764000000000 } from './1764000000000-callback-visits';
import { Scorecards1764010000000 } from './1764010000000-scorecards';
import { QualityAlerts1764020000000 } from './1764020000000-quality-alerts';
import { QualityReports1764030000000 } from './1764030000000-quality-reports';
import { CallDisposition1764040000000 } from './1764040000000-call-disposition';
import { WorkOrderIdempotencyKeys1764050000000 } from './1764050000000-work-order-idempotency-keys';
import { StaffLifecycle1764060000000 } from './1764060000000-staff-lifecycle';
import { PersonalData1764060000001 } from './1764060000001-personal-data';
import { CallConferences1764200000000 } from './1764200000000-call-conferences';
import { SalesOrders1764330000000 } from './1764330000000-sales-orders';
import { Outbox1764340000000 } from './1764340000000-outbox';
import { Warranty1764340000001 } from './1764340000001-warranty';
import { KnowledgeDirectory1764350000000 } from './1764350000000-knowledge-directory';
import { Sms1764360000000 } from './1764360000000-sms';
import { SearchPostings1764370000000 } from './1764370000000-search-postings';
import { InboxTabIndexes1764370000001 } from './1764370000001-inbox-tab-indexes';
import { OutboxDeliveredIndex1764410000000 } from './1764410000000-outbox-delivered-index';

/** Every migration, oldest first, one a line. Listed as classes so the same list works from source and from dist. */
export const migrations = [
  Foundation1763900000000,
  WorkOrders1763910000000,
  Telephony1763920000000,
  WorkOrderOpenIndex1763930000000,
  QueueRecording1763940000000,
  CallbackVisits1764000000000,
  Scorecards1764010000000,
  QualityAlerts1764020000000,
  QualityReports1764030000000,
  CallDisposition1764040000000,
  WorkOrderIdempotencyKeys1764050000000,
  StaffLifecycle1764060000000,
  PersonalData1764060000001,
  CallConferences1764200000000,
  SalesOrders1764330000000,
  Outbox1764340000000,
  Warranty1764340000001,
  KnowledgeDirectory1764350000000,
  Sms1764360000000,
  SearchPostings1764370000000,
  InboxTabIndexes1764370000001,
  OutboxDeliveredIndex1764410000000,
];
