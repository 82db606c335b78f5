import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ListPhoneViewsQuery } from '../../customers/dtos/phone-view.dto';
import { PhoneViewEntry, PhoneViewsService } from '../../customers/phone-views.service';

/** Who saw which customer's full number, and when (callback visits and spot checks opened). */
@ApiTags('quality')
@ApiBearerAuth()
@Controller('quality/phone-views')
export class PhoneViewsController {
  constructor(private readonly views: PhoneViewsService) {}

  @Get()
  @Roles('supervisor', 'admin')
  list(@Query() query: ListPhoneViewsQuery): Promise<{ items: PhoneViewEntry[]; nextCursor: string | null }> {
    return this.views.list(query);
  }
}
