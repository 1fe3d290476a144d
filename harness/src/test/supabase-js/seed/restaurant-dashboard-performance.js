// Restaurant dashboard — the live deal performance table.
// (Reconstructed from the seed's description; see README.md.)
const { data, error } = await supabase.rpc('get_live_deal_performance', {
  p_restaurant_id: restaurantId,
})

if (error) {
  showError(error.code, error.message)
} else {
  renderPerformanceTable(data)
}
