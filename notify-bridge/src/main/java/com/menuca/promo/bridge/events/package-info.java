/** What the bridge notifies for one derived event: the seed's channel names and the payload on them. */
package com.menuca.promo.bridge.events;
