import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { SmsTemplateParams, UpdateSmsTemplateDto } from './dtos/sms.dto';
import { SmsTemplateDto, SmsTemplateList } from './dtos/sms-view.dto';
import { SmsTemplatesService } from './sms-templates.service';

/** The wording of the SMS customers get, per language; supervisors (客服主管) edit it. */
@ApiTags('sms')
@ApiBearerAuth()
@Controller('sms/templates')
export class SmsTemplatesController {
  constructor(private readonly templates: SmsTemplatesService) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: SmsTemplateList })
  async list(): Promise<SmsTemplateList> {
    return { items: await this.templates.list() };
  }

  /** Sets the wording; a `{variable}` the message does not offer is refused (400). */
  @Put(':kind/:language')
  @Roles('supervisor')
  @ApiOkResponse({ type: SmsTemplateDto })
  update(@Param() params: SmsTemplateParams, @Body() body: UpdateSmsTemplateDto, @CurrentStaff() staff: StaffPrincipal): Promise<SmsTemplateDto> {
    return this.templates.update(params.kind, params.language, body.body, staff.jobNumber);
  }

  /** Back to the default wording. */
  @Delete(':kind/:language')
  @Roles('supervisor')
  @ApiOkResponse({ type: SmsTemplateDto })
  reset(@Param() params: SmsTemplateParams): Promise<SmsTemplateDto> {
    return this.templates.reset(params.kind, params.language);
  }
}
