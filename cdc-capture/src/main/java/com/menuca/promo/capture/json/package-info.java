/** How captured changes become the bytes of the change topics. */
package com.menuca.promo.capture.json;
