// Restaurant dashboard — every coupon redemption at this restaurant, as it happens.
// (Reconstructed from the seed's description; see README.md.)
let redemptionCount = 0

const redemptionsChannel = supabase
  .channel(`restaurant:${restaurantId}:redemptions`)
  .on('broadcast', { event: 'coupon_redeemed' }, ({ payload }) => {
    redemptionCount += 1
    updateRedemptionCounter(redemptionCount, payload)
  })
  .subscribe((status, err) => {
    setConnectionStatus(status, err ? err.message : null)
  })
