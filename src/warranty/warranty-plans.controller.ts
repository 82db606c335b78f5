import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { UpdateWarrantyPlanDto, WarrantyPlanDto, WarrantyPlanInput, WarrantyPlanList } from './dtos/warranty-plan.dto';
import { WarrantyPlanCode } from './warranty-params';
import { WarrantyPlansService } from './warranty-plans.service';

/** 阳光包 plans: every seller reads them; supervisors write them. */
@ApiTags('warranty')
@ApiBearerAuth()
@Controller('warranty/plans')
export class WarrantyPlansController {
  constructor(private readonly plans: WarrantyPlansService) {}

  @Get()
  @Roles('agent', 'supervisor', 'admin', 'terminal')
  @ApiOkResponse({ type: WarrantyPlanList })
  async list(): Promise<WarrantyPlanList> {
    return { items: await this.plans.list() };
  }

  @Post()
  @Roles('supervisor', 'admin')
  @ApiCreatedResponse({ type: WarrantyPlanDto })
  create(@Body() body: WarrantyPlanInput): Promise<WarrantyPlanDto> {
    return this.plans.create(body);
  }

  /** Changes a plan (or stops selling it: `active: false`); contracts sold keep their terms. */
  @Patch(':code')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: WarrantyPlanDto })
  update(@WarrantyPlanCode() code: string, @Body() body: UpdateWarrantyPlanDto): Promise<WarrantyPlanDto> {
    return this.plans.update(code, body);
  }
}
