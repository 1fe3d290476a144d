/** Deal lifecycle: deals published, status changes, and the deal side of expiry timers. */
package com.menuca.promo.processor.deal;
