// Admin: every change of every deal, logged.
// The seed's calls (docs/supabase.md#the-seeds-snippets): a postgres_changes binding for all events
// ('*') on menuca_v3.promotional_deals, no filter, on the channel custom-notifications; the callback
// logs the whole change.
const allDealChanges = { event: '*', schema: 'menuca_v3', table: 'promotional_deals' }

const adminChannel = supabase.channel('custom-notifications')
adminChannel.on('postgres_changes', allDealChanges, (change) => console.log('Deal change:', change))
adminChannel.subscribe()
