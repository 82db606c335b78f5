import { Inject, Injectable } from '@nestjs/common';
import { ConfigVariables } from '../../config/config-variables';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { siteDay } from '../clock/site-day';
import { DomainError } from '../http/errors/domain-error';
import type { CreateWorkOrderDto } from '../work-orders/dtos/work-order.dto';
import { WorkOrderCreationService } from '../work-orders/work-order-creation.service';
import { ClaimRepairDto, WarrantyClaimDto } from './dtos/warranty-contract.dto';
import { WarrantyClaim } from './warranty-claim.entity';
import { WARRANTY_CLAIM_CATEGORY } from './warranty-kinds';
import { claimVerdict } from './warranty-rules';
import { WarrantyContractsService } from './warranty-contracts.service';

/**
 * A repair claimed on a 阳光包 contract: checked against the contract's cover (fault kind, term,
 * status); covered, it opens a warranty work order (category warranty_repair, terminal warranty)
 * on the customer, linked to the call; refused, a 422 says why.
 */
@Injectable()
export class WarrantyClaimsService {
  constructor(
    private readonly contracts: WarrantyContractsService,
    private readonly workOrders: WorkOrderCreationService,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async claim(number: string, input: ClaimRepairDto, principal: StaffPrincipal): Promise<WarrantyClaimDto> {
    const contract = await this.contracts.find(number);
    const day = siteDay(new Date(this.clock.now()), this.config.SITE_UTC_OFFSET_MINUTES);
    const verdict = claimVerdict(contract, input.faultKind, day);
    if (!verdict.covered) {
      throw new DomainError(
        'warranty.claim_refused',
        { number, reason: verdict.reason, faultKind: input.faultKind, startsOn: contract.startsOn, endsOn: contract.endsOn },
        `阳光包 ${number} does not cover this claim: ${verdict.message}`,
      );
    }
    const repair: CreateWorkOrderDto = {
      channel: 'hotline',
      type: 'service_request',
      category: WARRANTY_CLAIM_CATEGORY,
      terminal: 'warranty',
      customerPhone: contract.customerPhone,
      customerName: contract.customerName ?? undefined,
      callSid: input.callSid,
      externalOrderNumber: contract.orderNumber,
      product: `${contract.productName} (${contract.productCode})`,
      description: `阳光包 ${number} · ${input.faultKind}: ${input.description}`,
    };
    // The work order and the claim's link to it in one transaction: a claim never points at nothing,
    // and no warranty order is left without its claim.
    const { result } = await this.workOrders.createWith(repair, principal, async (tx, order) => {
      const claim = tx.create(WarrantyClaim, {
        contractId: contract.id,
        workOrderId: order.id,
        workOrderNumber: order.number,
        faultKind: input.faultKind,
        createdById: principal.staffId,
        createdAt: new Date(this.clock.now()),
      });
      await tx.insert(WarrantyClaim, claim);
      return { id: claim.id, faultKind: claim.faultKind, workOrderNumber: claim.workOrderNumber, createdAt: claim.createdAt };
    });
    return result;
  }
}
