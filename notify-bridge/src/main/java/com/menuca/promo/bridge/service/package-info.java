/** The bridge as a service: its loop (Kafka to NOTIFY), its recovery, its metrics. */
package com.menuca.promo.bridge.service;
