/** Threads for the services' background work, named for what they run. */
package com.menuca.promo.common.concurrent;
