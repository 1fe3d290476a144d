/** Kafka Connect pieces of the topic contract, shared by the embedded capture and a Connect deployment. */
package com.menuca.promo.capture.connect;
