import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import {
  CancelContractDto,
  ClaimRepairDto,
  LookupContractsQuery,
  OffersQuery,
  OrderOffersDto,
  RefundQuoteDto,
  SellContractDto,
  WarrantyClaimDto,
  WarrantyContractDto,
  WarrantyContractList,
} from './dtos/warranty-contract.dto';
import { WarrantyClaimsService } from './warranty-claims.service';
import { WarrantyContractNumber } from './warranty-params';
import { WarrantyContractsService } from './warranty-contracts.service';

/** 阳光包 contracts at the agent's hand: offers on an order, sale, lookup, repair claims and cancellation (退保). */
@ApiTags('warranty')
@ApiBearerAuth()
@Controller('warranty')
export class WarrantyContractsController {
  constructor(
    private readonly contracts: WarrantyContractsService,
    private readonly claims: WarrantyClaimsService,
  ) {}

  /** An order's lines with the plans each may join today (from the order read model). */
  @Get('offers')
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: OrderOffersDto })
  offers(@Query() query: OffersQuery): Promise<OrderOffersDto> {
    return this.contracts.offers(query.orderNumber);
  }

  /** Contracts of a phone or an order. */
  @Get('contracts')
  @Roles('agent', 'supervisor', 'terminal')
  @ApiOkResponse({ type: WarrantyContractList })
  async lookup(@Query() query: LookupContractsQuery): Promise<WarrantyContractList> {
    return { items: await this.contracts.lookup(query) };
  }

  /** Sells a plan on an order line; 422 with the reason when the line does not qualify. */
  @Post('contracts')
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: WarrantyContractDto })
  sell(@Body() body: SellContractDto, @CurrentStaff() principal: StaffPrincipal): Promise<WarrantyContractDto> {
    return this.contracts.sell(body, principal);
  }

  @Get('contracts/:number')
  @Roles('agent', 'supervisor', 'terminal')
  @ApiOkResponse({ type: WarrantyContractDto })
  get(@WarrantyContractNumber() number: string): Promise<WarrantyContractDto> {
    return this.contracts.get(number);
  }

  /** A repair under the contract: covered → a warranty work order; not → 422 `warranty.claim_refused` with `params.reason`. */
  @Post('contracts/:number/claims')
  @Roles('agent', 'supervisor')
  @ApiCreatedResponse({ type: WarrantyClaimDto })
  claim(@WarrantyContractNumber() number: string, @Body() body: ClaimRepairDto, @CurrentStaff() principal: StaffPrincipal): Promise<WarrantyClaimDto> {
    return this.claims.claim(number, body, principal);
  }

  /** What a cancellation today would refund. */
  @Get('contracts/:number/refund-quote')
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: RefundQuoteDto })
  quote(@WarrantyContractNumber() number: string): Promise<RefundQuoteDto> {
    return this.contracts.quote(number);
  }

  /** 退保: cancels with the refund the rules give; the order system is told through the outbox. */
  @Post('contracts/:number/cancel')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: WarrantyContractDto })
  cancel(@WarrantyContractNumber() number: string, @Body() body: CancelContractDto, @CurrentStaff() principal: StaffPrincipal): Promise<WarrantyContractDto> {
    return this.contracts.cancel(number, body.reason, principal);
  }
}
