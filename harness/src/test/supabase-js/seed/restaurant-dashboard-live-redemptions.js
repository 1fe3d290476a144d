// Restaurant Dashboard: live coupon redemptions.
// The seed's calls (docs/supabase.md#the-seeds-snippets): a postgres_changes binding for INSERTs
// into menuca_v3.coupon_usage_log of this restaurant, on the channel restaurant:<id>:redemptions;
// each one bumps the counter, goes to the recent-activity list (the new row) and plays a sound.
const redemptionInserts = {
  event: 'INSERT',
  schema: 'menuca_v3',
  table: 'coupon_usage_log',
  filter: `restaurant_id=eq.${restaurantId}`,
}

const redemptionsChannel = supabase.channel(`restaurant:${restaurantId}:redemptions`)
redemptionsChannel.on('postgres_changes', redemptionInserts, (change) => {
  incrementRedemptionCount()
  addToRecentActivity(change.new)
  playSuccessSound()
})
redemptionsChannel.subscribe()
