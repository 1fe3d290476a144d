// Customer App: a notification for each new active deal of the restaurant on screen.
// The seed's calls (docs/supabase.md#the-seeds-snippets): a postgres_changes binding for INSERTs
// into menuca_v3.promotional_deals of this restaurant whose is_active is true, on the channel
// restaurant:<id>:deals; the notification shows the new row's title. The fixed strings are ours.
const insertsOfActiveDeals = {
  event: 'INSERT',
  schema: 'menuca_v3',
  table: 'promotional_deals',
  filter: `restaurant_id=eq.${restaurantId},is_active=eq.true`,
}

function announce(change) {
  showNotification({ title: 'A new deal is on', message: change.new.title, action: 'See the deal' })
}

const dealsChannel = supabase.channel(`restaurant:${restaurantId}:deals`)
dealsChannel.on('postgres_changes', insertsOfActiveDeals, announce)
dealsChannel.subscribe()
