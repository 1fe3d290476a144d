/** Valid sample rows, changes and derived values for consumer tests, each checked against its topic's JSON Schema. */
package com.menuca.promo.testkit.samples;
