/** Publishing captured changes to Kafka with at-least-once delivery tied to the engine's offset commits. */
package com.menuca.promo.capture.publish;
