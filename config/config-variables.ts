import { Transform, Type } from 'class-transformer';
import { isIP } from 'node:net';
import { IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';

/**
 * Validation stops at a variable's first failing check, and checks run bottom-up: the type check
 * sits lowest so a non-number PORT says "must be an integer", not "must not exceed 65535".
 *
 * Every setting of the server: its environment variable, its default and its check, in one place
 * (as in Twenty's config-variables.ts). `loadConfig` validates the environment against this class;
 * a wrong value stops start-up with one line naming the variable and what is allowed.
 */
const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.toLowerCase()] ?? value) : value;

/** TRUST_PROXY's check: what trustProxySetting can read. */
const TrustProxyValue = (message: string) =>
  ValidateBy({
    name: 'trustProxy',
    validator: { validate: (value) => typeof value === 'string' && trustProxySetting(value) !== null, defaultMessage: () => message },
  });

export class ConfigVariables {
  /** development | production | test. Production never seeds demo accounts and requires JWT_SECRET. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** HTTP port. */
  @Type(() => Number)
  @Max(65535)
  @Min(0)
  @IsInt()
  PORT = 3000;

  /** Interface the HTTP server binds to. */
  @IsString()
  HOST = '0.0.0.0';

  /** mysql://user:pass@host:3306/db (MySQL) or mariadb://… (MariaDB); unset → the embedded SQLite file. */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^\s]+\/[A-Za-z0-9_$-]+(\?.*)?$/, { message: 'must be mysql://user:password@host:port/database (or mariadb://…)' })
  DATABASE_URL?: string = undefined;

  /**
   * redis://[user:password@]host:port[/db] (or rediss://): several processes behind one address share
   * socket.io events through it. Unset → one process, no Redis.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be redis://[user:password@]host:port[/db] (or rediss://…)' })
  REDIS_URL?: string = undefined;

  /** Prefix of every Redis key and channel the server uses, so several sites (or tests) can share one Redis. */
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'must be 1–64 letters, digits or _ . : -' })
  REDIS_KEY_PREFIX = 'hotline';

  /**
   * Several processes: the routing leader writes a snapshot of the routing state after this many
   * journal entries (and at least every ROUTING_SNAPSHOT_SECONDS while entries come), then trims the
   * journal before it, so a process joining loads the snapshot and replays only what follows.
   */
  @Type(() => Number)
  @Max(10_000_000)
  @Min(10)
  @IsInt()
  ROUTING_SNAPSHOT_ENTRIES = 10_000;

  @Type(() => Number)
  @Max(86_400)
  @Min(1)
  @IsInt()
  ROUTING_SNAPSHOT_SECONDS = 300;

  /**
   * Journal entries kept before the newest snapshot, in seconds of entries (and at least back to the
   * snapshot before it): a process still reading them is not cut off; one that is anyway loads the snapshot.
   */
  @Type(() => Number)
  @Max(86_400)
  @Min(0)
  @IsInt()
  ROUTING_JOURNAL_KEEP_SECONDS = 120;

  /** Embedded SQLite file (used when DATABASE_URL is unset). */
  @MinLength(1)
  @IsString()
  SQLITE_PATH = 'data/hotline.sqlite';

  // ── Bounded database waits: a database that stalls or refuses fails requests fast (503) instead of holding them ──

  /** MySQL/MariaDB: how long opening a connection (TCP + handshake) may take, in ms. */
  @Type(() => Number)
  @Max(60_000)
  @Min(100)
  @IsInt()
  DATABASE_CONNECT_TIMEOUT_MS = 2000;

  /** MySQL/MariaDB: how long a request may wait for a free pooled connection, in ms. */
  @Type(() => Number)
  @Max(60_000)
  @Min(100)
  @IsInt()
  DATABASE_ACQUIRE_TIMEOUT_MS = 2000;

  /**
   * MySQL/MariaDB: how long one statement may run before its connection is destroyed and the request
   * answered 503, in ms (migrations at start-up are not bounded). The slowest statement measured on the
   * million-order benchmark is a description search matching nothing, 3.5 s.
   */
  @Type(() => Number)
  @Max(600_000)
  @Min(100)
  @IsInt()
  DATABASE_QUERY_TIMEOUT_MS = 5000;

  /** MySQL/MariaDB: idle time before TCP keep-alive probes start on a pooled connection, in ms (finds peers that vanished). */
  @Type(() => Number)
  @Max(3_600_000)
  @Min(1000)
  @IsInt()
  DATABASE_KEEPALIVE_DELAY_MS = 10_000;

  /** Readiness (`GET /health`, `/health/ready`): how long the database may take to answer `SELECT 1`, in ms. */
  @Type(() => Number)
  @Max(30_000)
  @Min(50)
  @IsInt()
  DATABASE_READY_TIMEOUT_MS = 1000;

  /** SQLite: how long a write waits for another process's write lock before the request is answered 503, in ms. */
  @Type(() => Number)
  @Max(60_000)
  @Min(0)
  @IsInt()
  SQLITE_BUSY_TIMEOUT_MS = 5000;

  /** Secret that signs access tokens. Required in production; development uses a fixed, public default. */
  @ValidateIf((c: ConfigVariables) => c.NODE_ENV === 'production' || c.JWT_SECRET !== undefined)
  @MinLength(32, { message: 'must be at least 32 characters' })
  @IsString()
  @IsDefined({ message: 'is required in production' })
  JWT_SECRET?: string = undefined;

  /** Access-token lifetime in seconds (a shift plus overtime). */
  @Type(() => Number)
  @Max(7 * 24 * 3600)
  @Min(60)
  @IsInt()
  JWT_TTL_SECONDS = 12 * 3600;

  /** Password of every demo account. */
  @MinLength(8, { message: 'must be at least 8 characters' })
  @IsString()
  DEMO_PASSWORD = 'hotline-demo';

  /** Seed the demo site on first start with an empty database (never in production). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO = true;

  /**
   * With the demo site, also seed demo activity for the quality alerts: volumes with one over-booked
   * upcoming day and a complaint spike at one store. Unset: on outside NODE_ENV=test.
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO_ACTIVITY: boolean | undefined = undefined;

  /** Failed sign-ins allowed per job number (and per client address) before it is throttled. */
  @Type(() => Number)
  @Min(1)
  @IsInt()
  LOGIN_MAX_FAILURES = 5;

  /** Window, in seconds, over which failed sign-ins are counted; also how long a throttle lasts. */
  @Type(() => Number)
  @Min(1)
  @IsInt()
  LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

  /**
   * Which peers' X-Forwarded-For is believed for the client address (sign-in throttling, logs):
   * `false` (none — the socket's peer is the client), a number of proxy hops, or a comma list of
   * addresses / CIDRs / `loopback`, `linklocal`, `uniquelocal` (Express's `trust proxy`). Never
   * `true`: believing any peer lets every client pick its own address.
   */
  @TrustProxyValue('must be false, a number of hops (1-9), or a comma list of IP addresses, CIDRs, loopback, linklocal, uniquelocal')
  TRUST_PROXY = 'false';

  /** Staff passwords: the least number of characters (set, reset or changed; demo accounts excepted). */
  @Type(() => Number)
  @Max(64)
  @Min(8)
  @IsInt()
  PASSWORD_MIN_LENGTH = 10;

  /** Largest request body accepted (bytes); larger → 413. */
  @Type(() => Number)
  @Min(1024)
  @IsInt()
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Largest bulk import accepted (bytes; `POST /orders/import` and its CSV file): 20 000 rows are ~4 MB. */
  @Type(() => Number)
  @Min(1024)
  @IsInt()
  IMPORT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

  /** Seconds from one ring's start to the next (China 5: 1 s on, 4 s off; North America 6). */
  @Type(() => Number)
  @Max(10)
  @Min(1)
  @IsInt()
  RING_CADENCE_SECONDS = 5;

  /** Rings within which every call is answered (响三声必须接电话). */
  @Type(() => Number)
  @Max(10)
  @Min(1)
  @IsInt()
  RING_COUNT = 3;

  /** Consecutive unanswered offers before an agent is set not-ready (missed-call). */
  @Type(() => Number)
  @Max(10)
  @Min(1)
  @IsInt()
  MAX_CONSECUTIVE_MISSES = 1;

  /**
   * Presence is the session: seconds an agent whose last softphone socket dropped (tab closed, network
   * lost) stays signed in, never offered a call, so a reconnect within them restores their state;
   * after them the agent is offline (reason `disconnect`). 0 = offline at once.
   */
  @Type(() => Number)
  @Max(60)
  @Min(0)
  @IsInt()
  SOFTPHONE_RECONNECT_GRACE_SECONDS = 5;

  /**
   * After a restart, an agent who was available (ready, rung, on a call or wrapping up) when the
   * server stopped and whose softphone reconnects within this many seconds of the start is ready
   * again at once (or on the call Twilio kept); later, or not available before, they sign in
   * not-ready (`login`). 0 = always not-ready.
   */
  @Type(() => Number)
  @Max(3600)
  @Min(0)
  @IsInt()
  RESTART_REJOIN_SECONDS = 120;

  /** The site's offset from UTC in minutes; per-day figures are cut at its midnight (China: 480). */
  @Type(() => Number)
  @Max(14 * 60)
  @Min(-12 * 60)
  @IsInt()
  SITE_UTC_OFFSET_MINUTES = 480;

  /** sandbox (the embedded Twilio emulator) or twilio (the real service). Default: twilio when TWILIO_ACCOUNT_SID is set. */
  @IsOptional()
  @IsIn(['sandbox', 'twilio'])
  TELEPHONY?: 'sandbox' | 'twilio' = undefined;

  /** Twilio account (AC…); unset → the sandbox's development account. */
  @IsOptional()
  @Matches(/^AC[0-9a-f]{32}$/, { message: 'must be AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string = undefined;

  /** Signs and checks every webhook (X-Twilio-Signature); unset → the sandbox's documented development token. */
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @IsString()
  TWILIO_AUTH_TOKEN?: string = undefined;

  /** API key (SK…) and secret that sign agents' Voice SDK access tokens. */
  @IsOptional()
  @Matches(/^SK[0-9a-f]{32}$/, { message: 'must be SK followed by 32 hex digits' })
  TWILIO_API_KEY_SID?: string = undefined;

  @IsOptional()
  @IsString()
  TWILIO_API_KEY_SECRET?: string = undefined;

  /**
   * TELEPHONY=sandbox only: use a standalone sandbox at this address (`TwilioSandbox.listen`, in
   * another process — a load generator, say) instead of embedding one. Unset → embedded.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?$/, { message: 'must be http(s)://host[:port] with no path' })
  TWILIO_SANDBOX_URL?: string = undefined;

  /**
   * Lifetime of agents' Voice SDK access tokens. The page renews its token on `tokenWillExpire`
   * (10 s before expiry), so it must exceed that; Twilio allows at most 24 h.
   */
  @Type(() => Number)
  @Max(86400)
  @Min(15)
  @IsInt()
  TWILIO_TOKEN_TTL_SECONDS = 3600;

  /**
   * The BYOC trunk (BY…) calls to mainland China (+86) leave through: Twilio places no calls to
   * mainland China itself. Unset → calls to +86 are refused before they are placed.
   */
  @IsOptional()
  @Matches(/^BY[0-9a-f]{32}$/, { message: 'must be BY followed by 32 hex digits' })
  TWILIO_BYOC_TRUNK_SID?: string = undefined;

  /** Caller ID on calls out through the BYOC trunk: the number the carrier presents (the 400 number by default). */
  @IsOptional()
  @Matches(/^\+?[0-9]{5,15}$/, { message: 'must be a phone number of 5 to 15 digits' })
  TWILIO_BYOC_CALLER_ID?: string = undefined;

  /** The site's country (ISO 3166): customers' national numbers are read in it, and callers hear its ringback tone. */
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 country code such as CN' })
  SITE_COUNTRY = 'CN';

  /** Voice of Mandarin prompts (<Say voice>): Polly.Zhiyu (cmn-CN), Polly.Zhiyu-Neural or Google.cmn-CN-Standard-A…D / Wavenet-A…D. */
  @Matches(/^(Polly\.Zhiyu(-Neural)?|Google\.cmn-CN-(Standard|Wavenet)-[A-D])$/, {
    message: 'must be a Mandarin voice Twilio offers: Polly.Zhiyu, Polly.Zhiyu-Neural or Google.cmn-CN-Standard-A…D / Wavenet-A…D',
  })
  IVR_VOICE_ZH = 'Polly.Zhiyu';

  /** Voice of English prompts: an en-US Polly or Google voice, e.g. Polly.Joanna, Google.en-US-Standard-C. */
  @Matches(
    /^(Polly\.(Joanna|Matthew|Salli|Kendra|Kimberly|Ivy|Justin|Joey|Kevin|Ruth|Stephen|Danielle|Gregory)(-Neural|-Generative)?|Google\.en-US-(Standard|Wavenet|Neural2|Chirp3-HD)-[A-Za-z]+)$/,
    {
      message: 'must be an en-US voice: Polly.Joanna, Polly.Matthew… ([-Neural]) or Google.en-US-<type>-<variant>',
    },
  )
  IVR_VOICE_EN = 'Polly.Joanna';

  /** The address Twilio reaches this server at; webhooks are signed over it. Default http://localhost:PORT. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?$/, { message: 'must be http(s)://host[:port] with no path' })
  PUBLIC_BASE_URL?: string = undefined;

  /** The hotline number callers dial (the 400 number); also the caller ID of callbacks. */
  @Matches(/^\+?[0-9]{5,15}$/, { message: 'must be a phone number of 5 to 15 digits' })
  HOTLINE_NUMBER = '4008001234';

  /** Queue a call rings in before the IVR menu when an agent is ready (and where menu time-outs go). */
  @Matches(/^[a-z][a-z0-9_-]{1,31}$/, { message: 'must be a queue code' })
  ENTRY_QUEUE = 'orders';

  /** Language of the IVR prompts. */
  @IsIn(['zh-CN', 'en'])
  IVR_LANGUAGE: 'zh-CN' | 'en' = 'zh-CN';

  /** Opening hours in the site's time, e.g. 08:00-22:00. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, { message: 'must be HH:MM-HH:MM' })
  BUSINESS_HOURS = '08:00-22:00';

  /** Days the line is open (1 = Monday … 7 = Sunday), e.g. 1-7 or 1-5. */
  @Matches(/^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$/, { message: 'must be days 1-7 as ranges or a list, e.g. 1-5,7' })
  BUSINESS_DAYS = '1-7';

  /** Closed days, comma-separated YYYY-MM-DD (public holidays). */
  @Matches(/^(\d{4}-\d{2}-\d{2}(,\d{4}-\d{2}-\d{2})*)?$/, { message: 'must be YYYY-MM-DD dates separated by commas' })
  HOLIDAYS = '';

  /** How often a waiting caller hears their position and estimated wait. */
  @Type(() => Number)
  @Max(600)
  @Min(10)
  @IsInt()
  QUEUE_ANNOUNCE_SECONDS = 30;

  /** NODE_ENV=production only: allow TELEPHONY=sandbox (a staging or training site); it still needs its own TWILIO_AUTH_TOKEN. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SANDBOX_IN_PRODUCTION = false;

  /** Bearer token Prometheus sends to GET /metrics; required in production (outside it, unset → /metrics is open). */
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @IsString()
  METRICS_TOKEN?: string = undefined;

  /** Serve the OpenAPI document and its page at /docs. Unset: on outside production, off in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  API_DOCS: boolean | undefined = undefined;

  /** The sandbox's clock speed (1 = real time). */
  @Type(() => Number)
  @Max(100)
  @Min(1)
  @IsInt()
  SANDBOX_SPEED = 1;

  /** Work orders (工单): hours to resolution when a category has no policy of its own (一个问题必须3天之内解决). */
  @Type(() => Number)
  @Max(24 * 365)
  @Min(1)
  @IsInt()
  WORK_ORDER_RESOLUTION_HOURS = 72;

  /** How often the SLA scheduler escalates overdue work orders, in seconds; 0 turns it off (tests call the scan directly). */
  @Type(() => Number)
  @Max(3600)
  @Min(0)
  @IsInt()
  SLA_SCAN_INTERVAL_SECONDS = 60;

  /** Working hours, site time, for SLA policies that count business hours only, e.g. 09:00-21:00. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, { message: 'must be HH:MM-HH:MM' })
  SLA_BUSINESS_HOURS = '09:00-21:00';

  /** Working days for those policies (1 = Monday … 7 = Sunday), e.g. 1-5 or 1-7. */
  @Matches(/^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$/, { message: 'must be days 1-7 as ranges or a list, e.g. 1-5,7' })
  SLA_BUSINESS_DAYS = '1-7';

  /** Folder where work-order photos and documents are archived, one sub-folder per customer. */
  @MinLength(1)
  @IsString()
  ATTACHMENTS_DIR = 'data/attachments';

  /** Monthly agent grade bands on answered-within-three-rings %: lower bounds of 优,良,中 (below the last: 差), descending. */
  @Matches(/^\d{1,3}(\.\d+)?,\d{1,3}(\.\d+)?,\d{1,3}(\.\d+)?$/, { message: 'must be three descending percentages, e.g. 95,85,70' })
  QUALITY_GRADE_BANDS = '95,85,70';

  /** How often the scheduler checks that the previous site day's quality report is made (0: off). */
  @Type(() => Number)
  @Max(86400)
  @Min(0)
  @IsInt()
  QUALITY_REPORT_INTERVAL_SECONDS = 300;

  /** Callback visits (回访): minutes after a work order closes until its callback visit is due. */
  @Type(() => Number)
  @Max(60 * 24 * 60)
  @Min(0)
  @IsInt()
  CALLBACK_DELAY_MINUTES = 1440;

  /** Callback visits: attempts to reach the customer before the visit is unreachable. */
  @Type(() => Number)
  @Max(20)
  @Min(1)
  @IsInt()
  CALLBACK_MAX_ATTEMPTS = 3;

  /** Callback visits: minutes after an unreachable attempt until the next is due. */
  @Type(() => Number)
  @Max(60 * 24 * 30)
  @Min(1)
  @IsInt()
  CALLBACK_RETRY_MINUTES = 120;

  /** How often the sweep schedules callback visits a closed work order is missing (e.g. a process died after the close), in seconds; 0 turns it off. */
  @Type(() => Number)
  @Max(86_400)
  @Min(0)
  @IsInt()
  CALLBACK_SWEEP_INTERVAL_SECONDS = 300;

  /** SMS to customers: the Messaging Service (MG…) messages are sent from; unset → SMS_FROM, or the sandbox's development service. */
  @IsOptional()
  @Matches(/^MG[0-9a-f]{32}$/, { message: 'must be MG followed by 32 hex digits' })
  SMS_MESSAGING_SERVICE_SID?: string = undefined;

  /** SMS to customers: a sender number or alphanumeric sender ID, used when no Messaging Service is set. */
  @IsOptional()
  @Matches(/^(\+[1-9][0-9]{6,14}|[A-Za-z0-9 ]{1,11})$/, { message: 'must be an E.164 number or an alphanumeric sender ID of up to 11 characters' })
  SMS_FROM?: string = undefined;

  /** SMS to customers: messages a second to the carrier, all numbers together (token bucket). */
  @Type(() => Number)
  @Max(1000)
  @Min(1)
  @IsInt()
  SMS_PER_SECOND = 10;

  /** SMS to customers: messages one number may get in an hour (carriers flag more as spam). */
  @Type(() => Number)
  @Max(100)
  @Min(1)
  @IsInt()
  SMS_PER_NUMBER_PER_HOUR = 5;

  /** SMS to customers: sends of one message (the first and the resends after a transient carrier failure) before it is given up. */
  @Type(() => Number)
  @Max(10)
  @Min(1)
  @IsInt()
  SMS_MAX_ATTEMPTS = 4;

  /** SMS to customers: the first resend's delay in seconds after a transient carrier failure; each next one doubles it (capped at an hour). */
  @Type(() => Number)
  @Max(3600)
  @Min(1)
  @IsInt()
  SMS_RETRY_BASE_SECONDS = 30;

  /** Spot checks (抽查): the share of each terminal's work orders closed on a day that is sampled (at least one if any); 0 turns sampling off. */
  @Type(() => Number)
  @Max(1)
  @Min(0)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  SPOT_CHECK_SHARE = 0.1;

  /** How often the spot-check job samples the previous site day (idempotent), in seconds; 0 turns it off. */
  @Type(() => Number)
  @Max(86_400)
  @Min(0)
  @IsInt()
  SPOT_CHECK_INTERVAL_SECONDS = 3600;

  /** Capacity early warning (作业量预警): warn when a day's booked deliveries exceed this % of the centre's capacity. */
  @Type(() => Number)
  @Max(1000)
  @Min(1)
  @IsInt()
  CAPACITY_WARNING_PCT = 90;

  /** Capacity early warning: site days checked ahead, tomorrow through this many days. */
  @Type(() => Number)
  @Max(60)
  @Min(1)
  @IsInt()
  CAPACITY_LOOKAHEAD_DAYS = 3;

  /** How often the capacity check runs, in seconds (it also runs after every volumes import); 0 turns the schedule off. */
  @Type(() => Number)
  @Max(86_400)
  @Min(0)
  @IsInt()
  CAPACITY_CHECK_INTERVAL_SECONDS = 900;

  /**
   * The order system's (OMS) push of changes, POST /orders/oms-changes: the shared secret of its
   * HMAC-SHA256 signature. Unset → the route answers 503 (pushes are refused, imports still work).
   */
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @IsString()
  OMS_PUSH_SECRET?: string = undefined;

  /** OMS push: a change signed longer ago (or further ahead) than this many seconds is refused as a replay. */
  @Type(() => Number)
  @Max(3600)
  @Min(10)
  @IsInt()
  OMS_PUSH_MAX_SKEW_SECONDS = 300;

  /** Hot spots (爆发点): the complaint window in hours, aligned to the site's midnight (24 = the site day). */
  @Type(() => Number)
  @Max(168)
  @Min(1)
  @IsInt()
  HOT_SPOT_WINDOW_HOURS = 24;

  /** Hot spots: days before the window whose average per window is a subject's baseline. */
  @Type(() => Number)
  @Max(365)
  @Min(1)
  @IsInt()
  HOT_SPOT_BASELINE_DAYS = 28;

  /** Hot spots: a window's complaints must reach this multiple of the baseline. */
  @Type(() => Number)
  @Max(100)
  @Min(1)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  HOT_SPOT_FACTOR = 2;

  /** Hot spots: and at least this many complaints in the window. */
  @Type(() => Number)
  @Max(100_000)
  @Min(1)
  @IsInt()
  HOT_SPOT_MIN_COUNT = 5;

  /** How often hot-spot detection runs, in seconds; 0 turns it off (tests call detect directly). */
  @Type(() => Number)
  @Max(86_400)
  @Min(0)
  @IsInt()
  HOT_SPOT_INTERVAL_SECONDS = 600;

  /** Personal data (PIPL): days call recordings are kept (their links cleared after); 0 keeps them. */
  @Type(() => Number)
  @Max(36_500)
  @Min(0)
  @IsInt()
  RECORDING_RETENTION_DAYS = 0;

  /** Personal data (PIPL): days after a customer's last activity (work order, call) their personal data is erased; 0 keeps it. */
  @Type(() => Number)
  @Max(36_500)
  @Min(0)
  @IsInt()
  CUSTOMER_RETENTION_DAYS = 0;

  /** How often the retention sweep runs, in seconds; 0 turns it off. */
  @Type(() => Number)
  @Max(86_400)
  @Min(0)
  @IsInt()
  RETENTION_SWEEP_INTERVAL_SECONDS = 3600;

  // ── Outbox: the hotline's changes sent back to the order system (and other receivers), at least once ──

  /** Where the order system (ERP/OMS) takes the hotline's changes: each is POSTed there, signed. Unset → they wait (retried, then dead-lettered). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s):// address' })
  ORDER_SYSTEM_WEBHOOK_URL?: string = undefined;

  /** HMAC-SHA256 key of the `X-Hotline-Signature` header on each POST to the order system; from the environment only. Required in production with ORDER_SYSTEM_WEBHOOK_URL. */
  @IsOptional()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @IsString()
  ORDER_SYSTEM_WEBHOOK_SECRET?: string = undefined;

  /** How long one POST to the order system may take before it counts as failed, in ms. */
  @Type(() => Number)
  @Max(120_000)
  @Min(100)
  @IsInt()
  ORDER_SYSTEM_WEBHOOK_TIMEOUT_MS = 5000;

  /** How often the outbox looks for due messages, in seconds (a commit also nudges it at once); 0: only nudges. */
  @Type(() => Number)
  @Max(3600)
  @Min(0)
  @IsInt()
  OUTBOX_INTERVAL_SECONDS = 5;

  /** Delivery attempts of one message before it is dead-lettered (a supervisor replays it). */
  @Type(() => Number)
  @Max(100)
  @Min(1)
  @IsInt()
  OUTBOX_MAX_ATTEMPTS = 12;

  /** First retry's delay, in ms; each further retry doubles it (with jitter) up to OUTBOX_RETRY_MAX_MS. */
  @Type(() => Number)
  @Max(3_600_000)
  @Min(10)
  @IsInt()
  OUTBOX_RETRY_BASE_MS = 2000;

  /** Longest delay between two attempts, in ms. With the defaults, 12 attempts span about an hour. */
  @Type(() => Number)
  @Max(86_400_000)
  @Min(10)
  @IsInt()
  OUTBOX_RETRY_MAX_MS = 15 * 60_000;

  /** How long a process holds the messages it claimed before another may take them (it crashed), in seconds. */
  @Type(() => Number)
  @Max(3600)
  @Min(1)
  @IsInt()
  OUTBOX_LEASE_SECONDS = 60;

  /** Days a delivered outbox message is kept (for the supervisors' page and an inquiry) before it is deleted; 0 keeps them. Dead letters are kept until replayed. */
  @Type(() => Number)
  @Max(3650)
  @Min(0)
  @IsInt()
  OUTBOX_DELIVERED_RETENTION_DAYS = 7;

  /** How often delivered outbox messages past their retention are deleted, in seconds; 0 turns it off. */
  @Type(() => Number)
  @Max(86_400)
  @Min(0)
  @IsInt()
  OUTBOX_RETENTION_INTERVAL_SECONDS = 3600;

  /** pino level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

/**
 * TRUST_PROXY as Express's `trust proxy` takes it: false, a hop count, or the list of trusted
 * addresses; null when an entry is not an IP address, a CIDR of one, or one of Express's names.
 */
export function trustProxySetting(value: string): false | number | string[] | null {
  if (value === 'false') return false;
  if (/^[1-9]$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
    const [address, prefix, extra] = entry.split('/');
    const version = isIP(address);
    if (!version || extra !== undefined) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  });
  return valid ? entries : null;
}

/** Development-only signing secret; production must set JWT_SECRET. */
export const DEVELOPMENT_JWT_SECRET = 'hotline-development-secret-not-for-production-use';
