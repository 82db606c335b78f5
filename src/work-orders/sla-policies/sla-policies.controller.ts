import { BadRequestException, Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ROLES } from '../../auth/role';
import { CATEGORY, SlaPolicyDto } from '../dtos/work-order.dto';
import { SlaPolicyView } from './dtos/sla-policy-view.dto';
import { SlaPolicyService } from './sla-policy.service';

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPolicyService) {}

  /** The default and every category's service levels. */
  @Roles(...ROLES)
  @Get()
  list(): Promise<SlaPolicyView[]> {
    return this.policies.list();
  }

  @Roles('admin', 'supervisor')
  @Put(':category')
  put(@Param('category') category: string, @Body() body: SlaPolicyDto): Promise<SlaPolicyView> {
    return this.policies.put(checkedCategory(category), body);
  }

  /** Removes the category's policy: back to the built-in rule or the default. */
  @Roles('admin', 'supervisor')
  @Delete(':category')
  remove(@Param('category') category: string): Promise<SlaPolicyView> {
    return this.policies.remove(checkedCategory(category));
  }
}

function checkedCategory(category: string): string {
  if (!CATEGORY.test(category)) throw new BadRequestException('category must be 2–32 characters of a-z, 0-9 or _, starting with a letter');
  return category;
}
