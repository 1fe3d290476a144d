/** State-store helpers shared by the derivations. */
package com.menuca.promo.processor.store;
