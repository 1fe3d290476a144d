/** Dead letters: changes the processor could not derive from, with the reason and their source position. */
package com.menuca.promo.processor.deadletter;
