import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { SmsTemplate } from './sms-template.entity';
import { DEFAULT_TEMPLATES, SMS_LANGUAGES, SmsLanguage, TEMPLATE_KINDS, TEMPLATE_VARIABLES, TemplateKind, unknownVariables } from './sms-templates';

export interface TemplateView {
  kind: TemplateKind;
  language: SmsLanguage;
  body: string;
  variables: string[];
  /** False while the default wording is used. */
  customised: boolean;
  updatedAt: Date | null;
  updatedByJobNumber: string | null;
}

/** The wording of each message per language: a supervisor's, else the default. */
@Injectable()
export class SmsTemplatesService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async list(): Promise<TemplateView[]> {
    const rows = await this.db.getRepository(SmsTemplate).find();
    return TEMPLATE_KINDS.flatMap((kind) =>
      SMS_LANGUAGES.map((language) =>
        view(
          kind,
          language,
          rows.find((r) => r.kind === kind && r.language === language),
        ),
      ),
    );
  }

  async bodyFor(kind: TemplateKind, language: SmsLanguage): Promise<string> {
    const row = await this.db.getRepository(SmsTemplate).findOneBy({ kind, language });
    return row?.body ?? DEFAULT_TEMPLATES[kind][language];
  }

  async update(kind: TemplateKind, language: SmsLanguage, body: string, jobNumber: string): Promise<TemplateView> {
    const unknown = unknownVariables(kind, body);
    if (unknown.length)
      throw new BadRequestException(
        `body uses ${unknown.map((v) => `{${v}}`).join(', ')}, which ${kind} does not offer (it offers ${TEMPLATE_VARIABLES[kind].map((v) => `{${v}}`).join(', ')})`,
      );
    const row = { kind, language, body, updatedAt: new Date(this.clock.now()), updatedByJobNumber: jobNumber };
    await this.tx.run((tx) => tx.upsert(SmsTemplate, row, ['kind', 'language']));
    return view(kind, language, row);
  }

  /** Back to the default wording. */
  async reset(kind: TemplateKind, language: SmsLanguage): Promise<TemplateView> {
    await this.tx.run((tx) => tx.delete(SmsTemplate, { kind, language }));
    return view(kind, language, undefined);
  }
}

function view(kind: TemplateKind, language: SmsLanguage, row: Pick<SmsTemplate, 'body' | 'updatedAt' | 'updatedByJobNumber'> | undefined): TemplateView {
  return {
    kind,
    language,
    body: row?.body ?? DEFAULT_TEMPLATES[kind][language],
    variables: [...TEMPLATE_VARIABLES[kind]],
    customised: !!row,
    updatedAt: row?.updatedAt ?? null,
    updatedByJobNumber: row?.updatedByJobNumber ?? null,
  };
}
