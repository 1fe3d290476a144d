// Admin backend: relays each deal_published notification to every connected app as new_deal.
// The seed's calls (docs/supabase.md#the-seeds-snippets): node-postgres's notification event on a
// client listening to deal_published, the payload parsed as JSON and handed on unchanged. The seed's
// text names the hand-on function with a space in it, which is not JavaScript; the application
// defines broadcastToAllClients (here the harness does).
pg.on('notification', (notification) => {
  if (notification.channel !== 'deal_published') return
  broadcastToAllClients('new_deal', JSON.parse(notification.payload))
})
