// Live Analytics Dashboard: the restaurant's live deal performance, fetched every 30 seconds.
// The seed's calls (docs/supabase.md#the-seeds-snippets): supabase.rpc('get_live_deal_performance')
// with p_restaurant_id; whatever data the call resolves with goes to the dashboard (the seed reads
// no error: a refused call shows null).
const THIRTY_SECONDS = 30 * 1000

setInterval(async () => {
  const { data } = await supabase.rpc('get_live_deal_performance', { p_restaurant_id: restaurantId })
  updateDashboard(data)
}, THIRTY_SECONDS)
