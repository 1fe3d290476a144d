// Customer App — live deals of the restaurant the customer is looking at.
// (Reconstructed from the seed's description; see README.md.)
const dealsChannel = supabase
  .channel(`restaurant:${restaurantId}:deals`)
  .on(
    'postgres_changes',
    {
      event: '*',
      schema: 'menuca_v3',
      table: 'promotional_deals',
      filter: `restaurant_id=eq.${restaurantId}`,
    },
    (payload) => {
      refreshDeals(payload.eventType, payload.new, payload.old)
    }
  )
  .on('broadcast', { event: 'deal_published' }, ({ payload }) => {
    showDealNotification(payload)
  })
  .subscribe()
