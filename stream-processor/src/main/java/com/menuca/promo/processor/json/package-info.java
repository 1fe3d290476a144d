/** JSON mappers of the processor (contracts and its own internal formats) tuned for its hot path. */
package com.menuca.promo.processor.json;
