// Backend relay — tells every connected app about newly published deals.
// PostgreSQL announces them with NOTIFY on the channel deal_published; the relay re-broadcasts
// each one as a `new_deal` event. (Reconstructed from the seed's description; see README.md.)
const pgClient = new Client({ connectionString: process.env.DATABASE_URL })
await pgClient.connect()
await pgClient.query('LISTEN deal_published')

const announcements = supabase.channel('deal-announcements')
announcements.subscribe()

pgClient.on('notification', (msg) => {
  const deal = JSON.parse(msg.payload)
  announcements.send({
    type: 'broadcast',
    event: 'new_deal',
    payload: deal,
  })
})
