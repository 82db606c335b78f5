import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../../auth/auth.decorators';
import {
  ErasureResult,
  PersonalDataExport,
  PersonalDataRequestDto,
  PersonalDataRequestPage,
  PersonalDataRequestsQuery,
  PersonalDataSubject,
  PersonalDataSubjectQuery,
} from './dtos/personal-data.dto';
import { PersonalDataService } from './personal-data.service';

/** A customer's personal data under PIPL: a copy and erasure on request, and their audit. Admins only. */
@ApiTags('personal data')
@ApiBearerAuth()
@Controller()
export class PersonalDataController {
  constructor(private readonly personalData: PersonalDataService) {}

  /** Everything held about the customer (record, phones, work orders with remarks and photos' names, calls); recorded as an export. */
  @Roles('admin')
  @Post('customers/:id/personal-data/export')
  @HttpCode(200)
  export(@Param('id', ParseIntPipe) id: number, @Body() body: PersonalDataRequestDto, @CurrentStaff() actor: StaffPrincipal): Promise<PersonalDataExport> {
    return this.personalData.export(id, actor.jobNumber, body.reason);
  }

  /** Anonymises the customer: name, member number, addresses and phone numbers (also on work orders and calls), recording links and photos. 409 while an order is open or a callback visit is due. */
  @Roles('admin')
  @Post('customers/:id/personal-data/erasure')
  @HttpCode(200)
  erase(@Param('id', ParseIntPipe) id: number, @Body() body: PersonalDataRequestDto, @CurrentStaff() actor: StaffPrincipal): Promise<ErasureResult> {
    return this.personalData.erase(id, actor.jobNumber, body.reason);
  }

  /** Whom a request is about: the customer of a phone number (any usual format), with their orders and what an erasure would wait for. */
  @Roles('admin')
  @Get('personal-data-subjects')
  subject(@Query() query: PersonalDataSubjectQuery): Promise<PersonalDataSubject> {
    return this.personalData.findSubject(query.phone);
  }

  /** The audit of exports, erasures and retention erasures, newest first. */
  @Roles('admin')
  @Get('personal-data-requests')
  list(@Query() query: PersonalDataRequestsQuery): Promise<PersonalDataRequestPage> {
    return this.personalData.listRequests(query);
  }
}
