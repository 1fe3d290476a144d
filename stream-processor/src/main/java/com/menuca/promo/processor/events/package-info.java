/** Building derived events: deterministic event ids and the shared envelope. */
package com.menuca.promo.processor.events;
