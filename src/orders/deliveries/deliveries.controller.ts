import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../auth/auth.decorators';
import { BookingChangesService } from './booking-changes.service';
import { BookingCalendarDto, BookingChangeResultDto, CalendarQuery, ChangeAddressDto, OrderChangeDto, RescheduleBookingDto } from './dtos/booking-change.dto';

/** A delivery or installation booking (by the OMS's booking number): its centre's capacity, and the agent's changes from the call. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('deliveries/:reference')
export class DeliveriesController {
  constructor(private readonly changes: BookingChangesService) {}

  /** The booking's centre: slots, bookings and what is left per day and window (default: two weeks from today). */
  @Get('calendar')
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: BookingCalendarDto })
  calendar(@Param('reference') reference: string, @Query() query: CalendarQuery): Promise<BookingCalendarDto> {
    return this.changes.calendar(reference, query.from, query.to);
  }

  /** 改约: to a day and window with capacity left; a full one only by a supervisor's override with a reason. */
  @Post('reschedule')
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: BookingChangeResultDto })
  reschedule(
    @Param('reference') reference: string,
    @Body() body: RescheduleBookingDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<BookingChangeResultDto> {
    return this.changes.reschedule(reference, body, staff);
  }

  /** 再配送: a failed delivery booked again, to a window with capacity left. */
  @Post('redelivery')
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: BookingChangeResultDto })
  redeliver(@Param('reference') reference: string, @Body() body: RescheduleBookingDto, @CurrentStaff() staff: StaffPrincipal): Promise<BookingChangeResultDto> {
    return this.changes.redeliver(reference, body, staff);
  }

  /** 改地址. */
  @Post('address')
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: BookingChangeResultDto })
  changeAddress(@Param('reference') reference: string, @Body() body: ChangeAddressDto, @CurrentStaff() staff: StaffPrincipal): Promise<BookingChangeResultDto> {
    return this.changes.changeAddress(reference, body, staff);
  }

  /** The audit of the hotline's changes to the booking, newest first. */
  @Get('changes')
  @Roles('agent', 'supervisor', 'quality')
  @ApiOkResponse({ type: [OrderChangeDto] })
  list(@Param('reference') reference: string): Promise<OrderChangeDto[]> {
    return this.changes.changes(reference);
  }
}
