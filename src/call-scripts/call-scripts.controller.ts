import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { CallScriptsService } from './call-scripts.service';
import { CallScriptDto, CallScriptKey, ListCallScriptsQuery, WriteCallScriptDto } from './dtos/call-script.dto';

/** Scripts (话术): what an agent of a queue says when greeting, apologising, escalating and closing, in zh-CN and en-US. */
@ApiTags('call-scripts')
@ApiBearerAuth()
@Controller('call-scripts')
export class CallScriptsController {
  constructor(private readonly scripts: CallScriptsService) {}

  /** The scripts, narrowed to a queue and a language (the softphone asks for its call's queue in the page's language). */
  @Get()
  @Roles('agent', 'supervisor', 'quality', 'admin')
  @ApiOkResponse({ type: [CallScriptDto] })
  list(@Query() query: ListCallScriptsQuery): Promise<CallScriptDto[]> {
    return this.scripts.list(query);
  }

  @Put(':queue/:situation/:language')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CallScriptDto })
  write(@Param() key: CallScriptKey, @Body() body: WriteCallScriptDto, @CurrentStaff() staff: StaffPrincipal): Promise<CallScriptDto> {
    return this.scripts.write(key, body.text, staff);
  }

  @Delete(':queue/:situation/:language')
  @HttpCode(204)
  @Roles('supervisor', 'admin')
  remove(@Param() key: CallScriptKey): Promise<void> {
    return this.scripts.remove(key);
  }
}
